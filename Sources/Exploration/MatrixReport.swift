public import DriverSimulation
public import OrderedJSON

/// `csx matrix`: every scenario explored under every kernel profile, as a verdict table
/// (rows scenarios, columns kernels). It answers "which releases have this race?".
public struct MatrixReport: Sendable {
    /// One scenario under one profile.
    public struct Cell: Sendable, Hashable {
        public var kernel: String
        /// Violation or ok; a search cut short is no verdict, and never a cell.
        public var isViolation: Bool
        public var invariant: Invariant?
        /// The shortest counterexample's length in moves (nil when ok).
        public var length: Int?
        public var states: Int

        public init(kernel: String, result: ExplorationResult) {
            self.kernel = kernel
            isViolation = result.verdict == .violation
            invariant = result.invariant
            length = result.shortest
            states = result.states
        }

        /// `ok`, or `INVARIANT/LENGTH` (`pm-reads-stale-mode/10`).
        public var verdictText: String {
            guard isViolation else { return "ok" }
            return "\(invariant?.rawValue ?? "violation")/\(length ?? 0)"
        }
    }

    public struct Row: Sendable, Hashable {
        public var scenario: String
        /// `pm_save_enable` as it resolved for this scenario on its board.
        public var pmSave: PMSave
        public var cells: [Cell]

        public init(scenario: String, pmSave: PMSave, cells: [Cell]) {
            self.scenario = scenario
            self.pmSave = pmSave
            self.cells = cells
        }
    }

    /// Column names, in order.
    public var kernels: [String]
    /// `--pm-save` when given; nil: each scenario's own (its `pm-save:`, else its board's).
    public var pmSave: PMSave?
    public var rows: [Row]

    public init(kernels: [String], pmSave: PMSave?, rows: [Row]) {
        self.kernels = kernels
        self.pmSave = pmSave
        self.rows = rows
    }

    public var violationCount: Int { rows.reduce(0) { $0 + $1.cells.filter(\.isViolation).count } }

    /// 1 when any cell is a violation, else 0.
    public var exitStatus: Int32 { violationCount > 0 ? 1 : 0 }

    /// The table: a header row, one row per scenario (its resolved pm-save second), then a
    /// line counting the violations.
    public func text() -> String {
        let header = ["scenario", "pm-save"] + kernels
        let body = rows.map { row in [row.scenario, row.pmSave.rawValue] + row.cells.map(\.verdictText) }
        var out = Columns.render([header] + body)
        let cells = rows.count * kernels.count
        let source = pmSave.map { "pm-save \($0) for every scenario (--pm-save)" } ?? "pm-save as each scenario sets it, else its board's"
        out += "\n\(violationCount) violation\(violationCount == 1 ? "" : "s") in \(cells) cell\(cells == 1 ? "" : "s"); \(source)\n"
        return out
    }

    public func json() -> JSON {
        .object([
            ("kernels", .array(kernels.map(JSON.string))),
            ("pm-save", pmSave.map { JSON.string($0.rawValue) } ?? .null),
            ("rows", .array(rows.map { row in
                .object([
                    ("scenario", .string(row.scenario)),
                    ("pm-save", .string(row.pmSave.rawValue)),
                    ("cells", .array(row.cells.map { cell in
                        .object([
                            ("kernel", .string(cell.kernel)),
                            ("verdict", .string(cell.isViolation ? "violation" : "ok")),
                            ("invariant", cell.invariant.map { JSON.string($0.rawValue) } ?? .null),
                            ("length", cell.length.map(JSON.int) ?? .null),
                            ("states", .int(cell.states)),
                        ])
                    })),
                ])
            })),
        ])
    }
}

/// Rows of cells as left-aligned columns two spaces apart, the last column unpadded.
public enum Columns {
    public static func render(_ rows: [[String]]) -> String {
        let columns = rows.map(\.count).max() ?? 0
        let widths = (0..<columns).map { column in rows.map { column < $0.count ? $0[column].count : 0 }.max() ?? 0 }
        return rows.map { row in
            row.enumerated().map { column, cell in
                column == row.count - 1 ? cell : cell + String(repeating: " ", count: widths[column] - cell.count + 2)
            }.joined() + "\n"
        }.joined()
    }
}
