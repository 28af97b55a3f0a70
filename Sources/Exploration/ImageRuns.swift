/// The parts and budget sections of a symmetric image as runs of bits copied unchanged, in the
/// image's order: each part moves whole to its image component's place (a funnel's counts per
/// input port reordered), each budget counter to its image CPU's or slot's. They depend only on
/// the element and the layout, so `PackedImage` works them out once and then copies a few runs
/// per image instead of reading and writing every field.
struct ImageRuns: Sendable {
    /// A run: `width` bits read from bit `from` of the source record, written next in the image.
    struct Run: Sendable {
        var from: Int32
        var width: Int32
    }

    private(set) var runs: [Run] = []

    /// Runs are joined while they stay within what one `BitWriter.put` takes.
    private static let widest: Int32 = 32

    init(element: SymmetryElement, inverseSlot: [Int], codec: PackedCodec) {
        let n = codec.cpuCount
        let partsStart = codec.sections[1 + 2 * n]
        let countBits = codec.countBits
        for c in 0..<codec.componentCount {
            let from = element.inverseComponent[c]
            let start = partsStart + codec.partOffsets[from]
            add(from: start, width: PackedCodec.partFieldBits)
            let ports = codec.portCounts[from]
            precondition(codec.portCounts[c] == ports, "symmetry: an image component has other ports")
            // Image port q holds the count of the port the element maps onto q.
            var portOnto = [Int](repeating: -1, count: ports)
            for p in 0..<ports {
                let q = element.countsPerInport[from] ? element.inport[from][p] : p
                portOnto[q] = p
            }
            for q in 0..<ports {
                precondition(portOnto[q] >= 0, "symmetry: an element's input ports are not a permutation")
                add(from: start + PackedCodec.partFieldBits + portOnto[q] * countBits, width: countBits)
            }
        }
        // The budget: idle counters by CPU, claims by slot, offline counters by CPU, each from
        // the counter the element maps onto its place.
        var bit = codec.sections[2 + 2 * n]
        let counters = [(codec.idleBits, element.inverseCPU), (codec.claimBits, inverseSlot), (codec.offlineBits, element.inverseCPU)]
        for (widths, source) in counters {
            let starts = Self.starts(widths, from: bit)
            for j in widths.indices {
                precondition(widths[source[j]] == widths[j], "symmetry: an element maps a budget counter onto one of another width")
                add(from: starts[source[j]], width: widths[j])
            }
            bit += widths.reduce(0, +)
        }
    }

    /// Where each field of `widths` starts, laid out one after another from `from`.
    private static func starts(_ widths: [Int], from: Int) -> [Int] {
        var starts: [Int] = []
        var bit = from
        for width in widths {
            starts.append(bit)
            bit += width
        }
        return starts
    }

    private mutating func add(from: Int, width: Int) {
        guard width > 0 else { return }
        if let last = runs.last, Int(last.from + last.width) == from, Int(last.width) + width <= Int(Self.widest) {
            runs[runs.count - 1].width += Int32(width)
        } else {
            runs.append(Run(from: Int32(from), width: Int32(width)))
        }
    }

    /// Copies the runs from `source` into `w`.
    @inline(__always) func copy(_ source: UnsafePointer<UInt64>, _ w: inout BitWriter) {
        runs.withUnsafeBufferPointer { runs in
            for run in runs {
                var r = BitReader(source, bit: Int(run.from))
                w.put(r.take(Int(run.width)), Int(run.width))
            }
        }
    }
}
