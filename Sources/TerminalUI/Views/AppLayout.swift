/// Where each panel goes for a terminal size. Deterministic, so hit-testing matches drawing.
public struct AppLayout: Sendable, Hashable {
    public static let minimum = Size(width: 80, height: 24)

    /// How the CPU grid packs cells.
    public struct CPUGrid: Sendable, Hashable {
        public var columns: Int
        public var cellWidth: Int
        public var cellHeight: Int
        /// Rows of cells that fit.
        public var visibleRows: Int
    }

    public var size: Size
    public var header: Rect
    public var cpus: Rect
    public var topology: Rect
    public var inspector: Rect
    /// Whether the inspector has its own column (else it takes the topology's place when focused).
    public var inspectorDocked: Bool
    public var timeline: Rect
    public var narration: Rect
    public var footer: Rect
    public var cpuGrid: CPUGrid
    public var isTooSmall: Bool { !size.fits(Self.minimum) }

    public init(size: Size, cpuCount: Int, inspectorFocused: Bool) {
        self.size = size
        let width = size.width
        let height = size.height
        header = Rect(x: 0, y: 0, width: width, height: 1)
        narration = Rect(x: 0, y: height - 2, width: width, height: 1)
        footer = Rect(x: 0, y: height - 1, width: width, height: 1)
        let body = Rect(x: 0, y: 1, width: width, height: max(0, height - 3))

        inspectorDocked = width >= 130
        let inspectorWidth = inspectorDocked ? min(56, max(44, width / 4)) : 0
        let mainWidth = width - inspectorWidth

        // Timeline: a lane per CPU plus the debugger, an axis row, borders; at most 40% of the body.
        let timelineHeight = min(cpuCount + 1 + 3, max(7, body.height * 2 / 5))
        // CPU grid: roomy 3-line cells when they fit, else compact one-line cells.
        let roomyWidth = 44
        let roomyColumns = max(1, (mainWidth - 2) / roomyWidth)
        let roomyRows = (cpuCount + roomyColumns - 1) / roomyColumns
        let roomyHeight = roomyRows * 3 + 2
        let gridBudget = max(4, (body.height - timelineHeight) / 2)
        if roomyHeight <= gridBudget {
            cpuGrid = CPUGrid(columns: roomyColumns, cellWidth: (mainWidth - 2) / roomyColumns, cellHeight: 3, visibleRows: roomyRows)
        } else {
            let compactWidth = 18
            let columns = max(1, (mainWidth - 2) / compactWidth)
            let rows = (cpuCount + columns - 1) / columns
            cpuGrid = CPUGrid(columns: columns, cellWidth: (mainWidth - 2) / columns, cellHeight: 1, visibleRows: min(rows, max(1, gridBudget - 2)))
        }
        let gridHeight = cpuGrid.visibleRows * cpuGrid.cellHeight + 2

        cpus = Rect(x: 0, y: body.y, width: mainWidth, height: gridHeight)
        timeline = Rect(x: 0, y: body.maxY - timelineHeight, width: width, height: timelineHeight)
        topology = Rect(x: 0, y: cpus.maxY, width: mainWidth, height: max(0, timeline.y - cpus.maxY))
        if inspectorDocked {
            inspector = Rect(x: mainWidth, y: body.y, width: inspectorWidth, height: max(0, timeline.y - body.y))
        } else {
            inspector = inspectorFocused ? topology : Rect(x: 0, y: 0, width: 0, height: 0)
        }
    }
}
