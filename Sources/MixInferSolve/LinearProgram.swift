import CShim
import Foundation
import MixInferSupport

/// A minimisation LP over non-negative columns, solved by GLPK's simplex with warm restarts.
/// Owns the only GLPK handle; GLPK failures come back as `SolverError`, never as an abort.
package final class LinearProgram {
    private var handle: OpaquePointer?

    /// How a solve ended when it did not reach an optimum.
    package enum Outcome: Sendable, Equatable {
        case optimal
        case infeasible
        case unbounded
    }

    package init() throws {
        guard let lp = mi_lp_create() else { throw SolverError.glpk(reason: "cannot create problem") }
        handle = lp
    }

    private init(handle: OpaquePointer) { self.handle = handle }

    deinit { mi_lp_free(handle) }

    /// A separate problem with this one's rows, columns, bounds and basis: its first solve starts where this one
    /// ended. Made, used and released on the thread that made this one (GLPK's memory is per thread).
    package func copy() throws -> LinearProgram {
        guard let copied = mi_lp_copy(handle) else { throw SolverError.glpk(reason: failure("cannot copy problem")) }
        return LinearProgram(handle: copied)
    }

    package var columnCount: Int { Int(mi_lp_num_cols(handle)) }
    package var rowCount: Int { Int(mi_lp_num_rows(handle)) }

    /// Adds columns (all ≥ 0) with the given objective coefficients; returns the index of the first.
    @discardableResult
    package func addColumns(objective: [Double]) throws -> Int {
        guard !objective.isEmpty else { return columnCount }
        let first = objective.withUnsafeBufferPointer { mi_lp_add_cols(handle, Int32($0.count), $0.baseAddress) }
        guard first >= 0 else { throw SolverError.glpk(reason: failure("cannot add columns")) }
        return Int(first)
    }

    /// Adds the row Σ coefficients[k]·x[columns[k]] ≥ bound (or = bound when `equality`).
    @discardableResult
    package func addRow(columns: [Int], coefficients: [Double], atLeast bound: Double, equality: Bool = false) throws -> Int {
        guard columns.count == coefficients.count else {
            throw SolverError.invalidInput(reason: "row has \(columns.count) columns but \(coefficients.count) coefficients")
        }
        let indices = columns.map { Int32($0) }
        let row = indices.withUnsafeBufferPointer { cols in
            coefficients.withUnsafeBufferPointer { vals in
                mi_lp_add_row(handle, Int32(cols.count), cols.baseAddress, vals.baseAddress, equality ? 1 : 0, bound)
            }
        }
        guard row >= 0 else {
            throw SolverError.invalidInput(reason: failure("row rejected (column out of range, repeated, or not finite)"))
        }
        return Int(row)
    }

    /// Solves from the current basis. Throws on GLPK failure or numerical breakdown.
    package func solve() throws -> (outcome: Outcome, iterations: Int) {
        var status: Int32 = 0, iterations: Int32 = 0
        return try outcome(mi_lp_solve(handle, &status, &iterations), status, iterations)
    }

    /// Primal values of the first `count` columns.
    package func values(count: Int) throws -> [Double] {
        var out = [Double](repeating: 0, count: count)
        let rc = out.withUnsafeMutableBufferPointer { mi_lp_col_values(handle, $0.baseAddress, Int32(count)) }
        guard rc == 0 else { throw SolverError.glpk(reason: failure("cannot read solution")) }
        return out
    }

    /// Activity of each row and whether its auxiliary variable is basic (i.e. the row may be slack).
    package func rowStates() throws -> (activity: [Double], basic: [Bool]) {
        let count = rowCount
        var activity = [Double](repeating: 0, count: count)
        var basic = [Int32](repeating: 0, count: count)
        let rc = mi_lp_row_states(handle, &activity, &basic, Int32(count))
        guard rc == 0 else { throw SolverError.glpk(reason: failure("cannot read row states")) }
        return (activity, basic.map { $0 != 0 })
    }

    /// Deletes rows (0-based); the remaining rows keep their order and are renumbered.
    package func deleteRows(_ rows: [Int]) throws {
        let indices = rows.map { Int32($0) }
        let rc = indices.withUnsafeBufferPointer { mi_lp_delete_rows(handle, Int32($0.count), $0.baseAddress) }
        guard rc == 0 else { throw SolverError.invalidInput(reason: failure("cannot delete rows")) }
    }

    /// Maximise instead of minimise.
    package func setMaximize(_ maximize: Bool) throws {
        guard mi_lp_set_maximize(handle, maximize ? 1 : 0) == 0 else { throw SolverError.glpk(reason: failure("cannot set direction")) }
    }

    /// Adds `count` empty rows bounded above by `upper`; returns the index of the first.
    @discardableResult
    package func addUpperRows(_ count: Int, upper: Double) throws -> Int {
        let first = mi_lp_add_upper_rows(handle, Int32(count), upper)
        guard first >= 0 else { throw SolverError.glpk(reason: failure("cannot add rows")) }
        return Int(first)
    }

    /// Takes the bounds off `row`: it constrains nothing, and its dual value is 0.
    package func freeRow(_ row: Int) throws {
        guard mi_lp_free_row(handle, Int32(row)) == 0 else { throw SolverError.glpk(reason: failure("cannot free row \(row)")) }
    }

    /// Bounds `row` by `upper` again (after `freeRow`).
    package func boundRow(_ row: Int, upper: Double) throws {
        guard mi_lp_bound_row(handle, Int32(row), upper) == 0 else { throw SolverError.glpk(reason: failure("cannot bound row \(row)")) }
    }

    /// Adds `factor` × (each column's entry in `row`) to that column's objective coefficient.
    package func shiftObjective(byRow row: Int, factor: Double) throws {
        guard mi_lp_shift_objective_by_row(handle, Int32(row), factor) == 0 else {
            throw SolverError.glpk(reason: failure("cannot shift the objective by row \(row)"))
        }
    }

    /// Adds one column (≥ 0, or free) with its entries in existing rows; returns its index.
    @discardableResult
    package func addColumn(objective: Double, free: Bool = false, rows: [Int], coefficients: [Double]) throws -> Int {
        guard rows.count == coefficients.count else {
            throw SolverError.invalidInput(reason: "column has \(rows.count) rows but \(coefficients.count) coefficients")
        }
        let indices = rows.map { Int32($0) }
        let column = indices.withUnsafeBufferPointer { r in
            coefficients.withUnsafeBufferPointer { v in
                mi_lp_add_col(handle, objective, free ? 1 : 0, Int32(r.count), r.baseAddress, v.baseAddress)
            }
        }
        guard column >= 0 else {
            throw SolverError.invalidInput(reason: failure("column rejected (row out of range, repeated, or not finite)"))
        }
        return Int(column)
    }

    /// Simplex iterations allowed per solve attempt before GLPK's next fallback (nil: automatic, growing with
    /// the LP). A stalled attempt ends there instead of cycling forever.
    package var iterationLimit: Int? {
        didSet { mi_lp_set_iteration_limit(handle, Int32(clamping: iterationLimit ?? 0)) }
    }

    /// Dual values of the first `count` rows.
    package func rowDuals(count: Int) throws -> [Double] {
        var out = [Double](repeating: 0, count: count)
        let rc = out.withUnsafeMutableBufferPointer { mi_lp_row_duals(handle, $0.baseAddress, Int32(count)) }
        guard rc == 0 else { throw SolverError.glpk(reason: failure("cannot read duals")) }
        return out
    }

    /// Whether each column is basic.
    package func basicColumns() throws -> [Bool] {
        let count = columnCount
        var values = [Double](repeating: 0, count: count)
        var basic = [Int32](repeating: 0, count: count)
        guard mi_lp_col_states(handle, &values, &basic, Int32(count)) == 0 else {
            throw SolverError.glpk(reason: failure("cannot read column states"))
        }
        return basic.map { $0 != 0 }
    }

    /// Deletes columns (0-based); the remaining columns keep their order and are renumbered.
    package func deleteColumns(_ columns: [Int]) throws {
        let indices = columns.map { Int32($0) }
        let rc = indices.withUnsafeBufferPointer { mi_lp_delete_cols(handle, Int32($0.count), $0.baseAddress) }
        guard rc == 0 else { throw SolverError.invalidInput(reason: failure("cannot delete columns")) }
    }

    /// Solves with the primal simplex from the current basis.
    package func solvePrimal() throws -> (outcome: Outcome, iterations: Int) {
        var status: Int32 = 0, iterations: Int32 = 0
        return try outcome(mi_lp_solve_primal(handle, &status, &iterations), status, iterations)
    }

    private func outcome(_ code: Int32, _ status: Int32, _ iterations: Int32) throws -> (outcome: Outcome, iterations: Int) {
        switch code {
        case 0: return (.optimal, Int(iterations))
        case 1: return (.infeasible, Int(iterations))
        case 2: return (.unbounded, Int(iterations))
        case 3: throw SolverError.glpk(reason: "no optimum found (numerical trouble or stalling, GLPK status \(status))")
        default: throw SolverError.glpk(reason: failure("internal error"))
        }
    }

    /// Writes the LP in CPLEX LP format (for checking with another solver).
    package func writeCPLEX(to path: String) throws {
        guard mi_lp_write_cplex(handle, path) == 0 else {
            throw SolverError.glpk(reason: failure("cannot write LP to \(path)"))
        }
    }

    private func failure(_ what: String) -> String {
        let message = String(cString: mi_lp_last_message()).trimmingCharacters(in: .whitespacesAndNewlines)
        return message.isEmpty ? what : "\(what): \(message.split(separator: "\n").last ?? "")"
    }
}
