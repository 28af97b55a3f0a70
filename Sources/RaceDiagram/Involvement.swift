/// Which columns and entries matter to the race. Without `--full`: the CPUs of a violation (its
/// actor and its tracer's CPU) and the CPUs acting on those tracers; with no violation, every CPU
/// that did something worth a line. Everything else is folded and counted.
struct Involvement {
    private var violators: Set<Column> = []
    private var violatorTracers: Set<Int> = []
    /// (column, tracer) pairs of entries worth a line, outside setup.
    private var links: Set<Link> = []
    private var activeColumns: Set<Column> = []
    private var detailColumns: Set<Column> = []
    /// Steps (per column) that broke an invariant: all their entries are drawn.
    private var violatedSteps: Set<StepColumn> = []

    private struct Link: Hashable { var column: Column; var tracer: Int? }
    private struct StepColumn: Hashable { var step: Int; var column: Column }

    /// Columns drawn, in order; `involvedCPUs` also names CPUs whose tracers matter.
    private(set) var columns: [Column] = []
    private(set) var foldedColumns = 0
    private var involvedCPUs: Set<Int> = []
    private var full = false

    /// Pass one: every entry outside setup.
    mutating func observe(_ entry: Entry) {
        if case .mark = entry.shape {
            violators.insert(entry.column)
            violatedSteps.insert(StepColumn(step: entry.step, column: entry.column))
            return
        }
        if entry.isDetail {
            detailColumns.insert(entry.column)
            return
        }
        activeColumns.insert(entry.column)
        links.insert(Link(column: entry.column, tracer: entry.tracerCPU))
    }

    /// A violation's tracer: its CPU is involved.
    mutating func observeViolationSubject(cpu: Int?) {
        if let cpu { violatorTracers.insert(cpu) }
    }

    /// Decides the columns once pass one is done.
    mutating func decide(full: Bool, columnLimit: Int) {
        self.full = full
        var chosen: Set<Column>
        if full {
            chosen = activeColumns.union(detailColumns).union(violators)
        } else if violators.isEmpty {
            chosen = activeColumns
        } else {
            var cpus = violatorTracers
            for case .cpu(let n) in violators { cpus.insert(n) }
            chosen = violators.union(cpus.map(Column.cpu))
            for link in links where link.tracer.map(cpus.contains) ?? false { chosen.insert(link.column) }
        }
        involvedCPUs = Set(chosen.compactMap { if case .cpu(let n) = $0 { n } else { nil } })
        if violators.isEmpty || full {
            // Nothing broke: every tracer acted on is part of the story.
            for link in links { if let tracer = link.tracer { involvedCPUs.insert(tracer) } }
        }
        // A tracer's CPU that did nothing itself gets no empty column.
        chosen.formIntersection(activeColumns.union(violators).union(full ? detailColumns : []))
        // Past the limit, keep the violators, then the lowest columns.
        var ordered = chosen.sorted()
        if ordered.count > columnLimit {
            let first = ordered.filter { violators.contains($0) }.prefix(columnLimit)
            let rest = ordered.filter { !violators.contains($0) }.prefix(columnLimit - first.count)
            foldedColumns = ordered.count - first.count - rest.count
            ordered = (Array(first) + rest).sorted()
        }
        columns = ordered
    }

    /// Pass two: whether an entry is drawn.
    func isDrawn(_ entry: Entry) -> Bool {
        guard columns.contains(entry.column) else { return false }
        if full { return true }
        if entry.isDetail, !violatedSteps.contains(StepColumn(step: entry.step, column: entry.column)) { return false }
        if let tracer = entry.tracerCPU, !involvedCPUs.contains(tracer) { return false }
        return true
    }
}
