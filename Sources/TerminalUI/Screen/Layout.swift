/// How much of a row or column of panels one panel takes, for `Rect.columns(_:)` / `rows(_:)`.
public enum LayoutLength: Sendable, Hashable {
    /// Exactly this many cells (less when the space runs out).
    case fixed(Int)
    /// This percentage of the whole length (rounded down).
    case percent(Int)
    /// A share of what is left after fixed and percent lengths, by weight.
    case fill(weight: Int)

    /// A fill of weight 1.
    public static let fill = LayoutLength.fill(weight: 1)
}

extension Rect {
    /// Side by side: splits the width by `lengths`, with `spacing` columns between neighbours.
    /// Always returns one rect per length; they never overlap and never leave this rect.
    public func columns(_ lengths: [LayoutLength], spacing: Int = 0) -> [Rect] {
        Rect.distribute(width, lengths: lengths, spacing: spacing).map { offset, length in
            Rect(x: x + offset, y: y, width: length, height: height)
        }
    }

    /// Stacked: splits the height by `lengths`, with `spacing` rows between neighbours.
    public func rows(_ lengths: [LayoutLength], spacing: Int = 0) -> [Rect] {
        Rect.distribute(height, lengths: lengths, spacing: spacing).map { offset, length in
            Rect(x: x, y: y + offset, width: width, height: length)
        }
    }

    /// The first `width` columns (clamped) and the rest.
    public func split(leftWidth: Int) -> (left: Rect, right: Rect) {
        let left = min(max(0, leftWidth), width)
        return (Rect(x: x, y: y, width: left, height: height),
                Rect(x: x + left, y: y, width: width - left, height: height))
    }

    /// The first `height` rows (clamped) and the rest.
    public func split(topHeight: Int) -> (top: Rect, bottom: Rect) {
        let top = min(max(0, topHeight), height)
        return (Rect(x: x, y: y, width: width, height: top),
                Rect(x: x, y: y + top, width: width, height: height - top))
    }

    /// Offsets and lengths along one axis. Fixed and percent lengths are served first, in order,
    /// while space lasts; fills share the remainder by weight, the rounding remainder going to
    /// the earliest fills.
    static func distribute(_ total: Int, lengths: [LayoutLength], spacing: Int) -> [(offset: Int, length: Int)] {
        guard !lengths.isEmpty else { return [] }
        let gaps = max(0, spacing) * (lengths.count - 1)
        var available = max(0, total - gaps)
        var sizes = [Int](repeating: 0, count: lengths.count)
        var weights = [Int](repeating: 0, count: lengths.count)
        for (index, length) in lengths.enumerated() {
            switch length {
            case .fixed(let cells):
                sizes[index] = min(max(0, cells), available)
            case .percent(let percent):
                sizes[index] = min(max(0, total * percent / 100), available)
            case .fill(let weight):
                weights[index] = max(0, weight)
            }
            available -= sizes[index]
        }
        let totalWeight = weights.reduce(0, +)
        if totalWeight > 0 {
            var remainder = available
            for index in weights.indices where weights[index] > 0 {
                sizes[index] = available * weights[index] / totalWeight
                remainder -= sizes[index]
            }
            for index in weights.indices where weights[index] > 0 && remainder > 0 {
                sizes[index] += 1
                remainder -= 1
            }
        }
        var offset = 0
        var result: [(offset: Int, length: Int)] = []
        for size in sizes {
            let start = min(offset, total)
            result.append((start, min(size, total - start)))
            offset += size + max(0, spacing)
        }
        return result
    }
}
