/// Figures for `csx bench`: the cost of the frame diff and how much it saves on the terminal.
/// Build with `-c release` for representative times (debug is ~10x slower).
public enum ScreenBenchmark {
    public struct DiffResult: Sendable, CustomStringConvertible {
        public var size: Size
        public var iterations: Int
        /// Mean time to diff two identical full buffers (the scan every frame pays).
        public var secondsPerUnchangedDiff: Double
        /// Mean time to diff a frame where one short field changed.
        public var secondsPerOneFieldDiff: Double
        /// Cells the terminal writes for the one-field change.
        public var cellsWrittenForOneFieldChange: Int
        /// Cells the terminal writes for a full repaint (after a resize or clear).
        public var cellsWrittenForFullRepaint: Int

        /// One line per figure.
        public var description: String {
            """
            screen  \(size) diff, unchanged frame:  \(microseconds(secondsPerUnchangedDiff)) µs
            screen  \(size) diff, one field changed: \(microseconds(secondsPerOneFieldDiff)) µs, \
            \(cellsWrittenForOneFieldChange) cells written (full repaint: \(cellsWrittenForFullRepaint) cells)
            """
        }

        private func microseconds(_ seconds: Double) -> String {
            let tenths = roundedToInteger(seconds * 1e7)
            return "\(tenths / 10).\(tenths % 10)"
        }
    }

    /// Diffs a `width` × `height` dashboard-like frame (boxes, a table of text, a status line)
    /// against itself and against a copy with one 8-column field changed.
    public static func diff(width: Int = 120, height: Int = 40, iterations: Int = 1_000) -> DiffResult {
        let previous = sampleFrame(width: width, height: height, counter: 41)
        let next = sampleFrame(width: width, height: height, counter: 42)
        let iterations = max(1, iterations)
        let clock = ContinuousClock()
        var sink = 0
        let unchanged = clock.measure {
            for _ in 0..<iterations { sink &+= previous.diff(from: previous).count }
        }
        let oneField = clock.measure {
            for _ in 0..<iterations { sink &+= next.diff(from: previous).count }
        }
        precondition(sink >= 0)  // keeps the optimiser from dropping the loops
        return DiffResult(
            size: Size(width: width, height: height),
            iterations: iterations,
            secondsPerUnchangedDiff: seconds(unchanged) / Double(iterations),
            secondsPerOneFieldDiff: seconds(oneField) / Double(iterations),
            cellsWrittenForOneFieldChange: next.diff(from: previous).cellCount,
            cellsWrittenForFullRepaint: next.fullRepaint().cellCount)
    }

    /// A frame shaped like the TUI: three boxed panels full of text and a status line showing
    /// `counter`, the one field that changes between frames.
    static func sampleFrame(width: Int, height: Int, counter: Int) -> ScreenBuffer {
        var buffer = ScreenBuffer(width: width, height: height)
        let screen = buffer.bounds
        let (body, status) = screen.split(topHeight: screen.height - 1)
        let panels = body.columns([.percent(40), .fill])
        let (left, right) = (panels[0], panels[1])
        let (topRight, bottomRight) = right.split(topHeight: right.height / 2)
        for (panel, title) in [(left, "CPUs"), (topRight, "Topology"), (bottomRight, "Timeline")] {
            buffer.drawBox(panel, title: title, titleStyle: Style(attributes: .bold))
            let inside = panel.inset(by: 1)
            for row in inside.minY..<inside.maxY {
                buffer.put(text: "cpu\(row) running  etm\(row) enabled  claim=self  refs=\(row % 3)",
                           at: Point(x: inside.minX, y: row), style: Style(foreground: .green), clip: inside)
            }
        }
        buffer.put(text: " step \(counter)      ", at: Point(x: 0, y: status.minY), style: Style(attributes: .reverse))
        return buffer
    }

    private static func seconds(_ duration: Duration) -> Double {
        let parts = duration.components
        return Double(parts.seconds) + Double(parts.attoseconds) / 1e18
    }
}
