import XCTest
@testable import MixInferSupport
@testable import MixInferSolve

/// GLPK's simplex on a badly scaled LP: a real one, cut from Gemma's first LP round (Tests/Fixtures/lp).
final class StalledLPTests: XCTestCase {
    /// The fixture's LP and the optimum an independent solver found for it.
    private func gemmaStall() throws -> (lp: LinearProgram, optimum: Double) {
        let path = Repo.path("Tests/Fixtures/lp/gemma-stall.txt.gz")
        let text = String(decoding: try Gzip.decompress(try Data(contentsOf: URL(fileURLWithPath: path)), path: path),
                          as: UTF8.self)
        let lp = try LinearProgram()
        try lp.setMaximize(true)
        var optimum = Double.nan
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: " ")
            if line.hasPrefix("# optimum") {
                optimum = try XCTUnwrap(Double(fields[2]))
            } else if line.hasPrefix("rows") {
                for bound in fields.dropFirst() { try lp.addUpperRows(1, upper: try XCTUnwrap(Double(bound))) }
            } else if !line.hasPrefix("#") {
                let entries = try fields.dropFirst(2).map { entry -> (Int, Double) in
                    let parts = entry.split(separator: ":")
                    return (try XCTUnwrap(Int(parts[0])), try XCTUnwrap(Double(parts[1])))
                }
                try lp.addColumn(objective: try XCTUnwrap(Double(fields[0])), free: fields[1] == "1",
                                 rows: entries.map(\.0), coefficients: entries.map(\.1))
            }
        }
        return (lp, optimum)
    }

    func testAnLPThatStallsUnscaledIsSolvedToTheIndependentOptimum() throws {
        for primal in [true, false] {
            let (lp, optimum) = try gemmaStall()
            XCTAssertFalse(optimum.isNaN)
            // Scaled, GLPK needs under 100 iterations; unscaled, the primal simplex stays at its first vertex.
            lp.iterationLimit = 1000
            let solved = primal ? try lp.solvePrimal() : try lp.solve()
            XCTAssertEqual(solved.outcome, .optimal)
            // The first attempt ends at the limit; the scaled retry from its basis finishes without the fallbacks
            // after it (other method, advanced basis, presolve), which took over 3,000 iterations in all here.
            XCTAssertLessThan(solved.iterations, 2 * 1000)
            let mu = try lp.values(count: 1)[0]
            XCTAssertEqual(mu, optimum, accuracy: 1e-6 * optimum, primal ? "primal" : "dual")
        }
    }
}
