import MixInferSupport
/// The growing LP of the lazy constraint generation, handed to GLPK as its dual: one column y ≥ 0 per constraint
/// Σ_i c_i·α_i + v_t + v_p ≥ 0, rows for α (≤ 0), for each v_t and v_p (≤ 1, its cost), and a free column μ for
/// Σα = 1; maximise μ. The basis is as small as the number of variables of the primal (categories + slacks)
/// instead of its number of constraints, and added columns keep the basis primal feasible, so the primal simplex
/// warm-starts after each batch. α, v are the duals of the rows; μ = Σv at the optimum. (The primal form, one row
/// per constraint by the dual simplex, reached the same optimum more slowly: docs/performance.md.)
struct MixtureLP {
    /// What a row of the dual stands for: a category's α, or the slack of a step or of a pair.
    enum RowOwner {
        case category, step(Int), pair(Int32)
    }

    private(set) var lp: LinearProgram
    let categories: Int
    var stepRow: [Int: Int] = [:], pairRow: [Int32: Int] = [:]
    var rowOwners: [RowOwner]
    /// Columns with an entry in each row; a slack row left without columns is deleted.
    var rowUse: [Int]
    var columnViolations: [ViolationSweep.Violation?] = [nil]
    /// α_k ≥ a, written as α = a·e_k + α′ with Σα′ = 1 − a: every column's objective is shifted by −a × its entry
    /// in k's row (μ's to 1 − a, a constraint's to −a·c_k), so the constraints, and the basis's feasibility, stay.
    private(set) var floor: SolverOptions.ShareFloor?

    /// `excluded` categories' rows are free: the primal holds their α at 0.
    init(categories: Int, excluded: Set<Int> = []) throws {
        self.categories = categories
        lp = try LinearProgram()
        try lp.setMaximize(true)
        try lp.addUpperRows(categories, upper: 0)
        try lp.addColumn(objective: 1, free: true, rows: Array(0..<categories),
                         coefficients: [Double](repeating: 1, count: categories))
        for category in excluded.sorted() where category < categories { try lp.freeRow(category) }
        rowOwners = [RowOwner](repeating: .category, count: categories)
        rowUse = [Int](repeating: 1, count: categories)
    }

    var constraintCount: Int { columnViolations.count - 1 }

    /// A separate LP (GLPK's problem copied, basis included) that also holds the `excluded` categories at 0, and
    /// offers the `offered` ones again (their rows bounded by 0 again: the basis may then need the simplex's first
    /// phase).
    func copy(excluding excluded: Set<Int>, offering offered: Set<Int> = []) throws -> MixtureLP {
        var copied = self
        copied.lp = try lp.copy()
        for category in excluded.sorted() where category < categories { try copied.lp.freeRow(category) }
        for category in offered.subtracting(excluded).sorted() where category < categories { try copied.lp.boundRow(category, upper: 0) }
        return copied
    }

    /// Holds α_k at or above the floor from now on (on an LP without one).
    mutating func setFloor(_ floor: SolverOptions.ShareFloor) throws {
        precondition(self.floor == nil, "an LP takes one share floor")
        try lp.shiftObjective(byRow: floor.category, factor: -floor.alpha)
        self.floor = floor
    }

    /// Minus the activity of α_k's row (μ + Σ c_k·y): with this LP's column values y, which stay feasible for any
    /// floor on α_k (and for the LP with every constraint), the dual objective is a line in the floor a of this
    /// slope through the LP's optimum at its own floor, so the whole LP's optimum with α_k ≥ a lies on or above it.
    /// For a category this LP holds at 0 (row free), the line is a bound only where the slope is ≥ 0.
    func floorSlope(category: Int) throws -> Double {
        precondition(floor == nil || floor!.category == category, "the line is in the floored category")
        return -(try lp.rowStates().activity[category])
    }

    private mutating func slackRow(_ owner: RowOwner) throws -> Int {
        // Every unit of slack costs 1 in the primal's objective; α's rows are bounded by 0.
        let cost: Double
        if case .category = owner { cost = 0 } else { cost = 1 }
        let row = try lp.addUpperRows(1, upper: cost)
        rowOwners.append(owner)
        rowUse.append(0)
        return row
    }

    mutating func add(_ violation: ViolationSweep.Violation, coefficients: [Double]) throws {
        let nonZero = coefficients.indices.filter { coefficients[$0] != 0 }
        let step = try stepRow[violation.step] ?? slackRow(.step(violation.step))
        stepRow[violation.step] = step
        let pair = try pairRow[violation.pair] ?? slackRow(.pair(violation.pair))
        pairRow[violation.pair] = pair
        let objective = floor.map { -$0.alpha * coefficients[$0.category] } ?? 0
        try lp.addColumn(objective: objective, rows: nonZero + [step, pair], coefficients: nonZero.map { coefficients[$0] } + [1, 1])
        rowUse[step] += 1
        rowUse[pair] += 1
        columnViolations.append(violation)
    }

    mutating func solve() throws -> (alpha: [Double], stepSlack: [Int: Double], pairSlack: [Int32: Double], iterations: Int) {
        let (outcome, iterations) = try lp.solvePrimal()
        guard outcome == .optimal else { throw SolverError.glpk(reason: "the dual LP became \(outcome)") }
        let duals = try lp.rowDuals(count: lp.rowCount)
        var alpha = Array(duals[0..<categories])
        if let floor { alpha[floor.category] += floor.alpha }
        return (alpha, stepRow.mapValues { duals[$0] }, pairRow.mapValues { duals[$0] }, iterations)
    }

    mutating func dropInactive() throws -> [ViolationSweep.Violation] {
        let basic = try lp.basicColumns()
        let drop = (1..<basic.count).filter { !basic[$0] }
        guard !drop.isEmpty else { return [] }
        try lp.deleteColumns(drop)
        let dropped = drop.map { columnViolations[$0]! }
        columnViolations = columnViolations.removing(drop)
        for violation in dropped {
            rowUse[stepRow[violation.step]!] -= 1
            rowUse[pairRow[violation.pair]!] -= 1
        }
        try dropEmptyRows()
        return dropped
    }

    /// Deletes slack rows no column uses any more (their slack is 0), so GLPK's basis stays as small as
    /// the LP that is left; only rows whose auxiliary variable is basic go, which keeps the basis valid.
    private mutating func dropEmptyRows() throws {
        let basicRows = try lp.rowStates().basic
        let empty = (categories..<rowUse.count).filter { rowUse[$0] == 0 && basicRows[$0] }
        guard !empty.isEmpty else { return }
        try lp.deleteRows(empty)
        rowOwners = rowOwners.removing(empty)
        rowUse = rowUse.removing(empty)
        stepRow.removeAll(keepingCapacity: true)
        pairRow.removeAll(keepingCapacity: true)
        for (row, owner) in rowOwners.enumerated() {
            switch owner {
            case .category: break
            case .step(let step): stepRow[step] = row
            case .pair(let pair): pairRow[pair] = row
            }
        }
    }

    func write(to path: String) throws { try lp.writeCPLEX(to: path) }
}

extension Array {
    /// The elements whose positions are not in `positions`, in order: the array GLPK's deleted rows or
    /// columns leave (it renumbers the rest the same way).
    func removing(_ positions: [Int]) -> [Element] {
        var keep = [Bool](repeating: true, count: count)
        for position in positions { keep[position] = false }
        return indices.filter { keep[$0] }.map { self[$0] }
    }
}
