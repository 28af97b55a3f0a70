public import CoreSightModel

/// A layered drawing of the trace graph, sources on the left, sinks on the right, computed once
/// per topology: nodes on rows within layer columns, edges routed orthogonally in the gaps.
public struct TopologyLayout: Sendable {
    public struct Node: Sendable {
        public var component: Topology.ComponentID
        public var layer: Int
        public var x: Int
        public var y: Int
        public var width: Int
    }

    /// One line cell of the drawing and the edges (by `edge(from:to:)` index) through it.
    public struct LineCell: Sendable {
        public var x: Int
        public var y: Int
        public var glyph: Character
        public var edges: [Int]
    }

    public let nodes: [Node]
    public let lines: [LineCell]
    /// Arrowheads just before a node, per connection.
    public let arrows: [(x: Int, y: Int, edge: Int)]
    public let width: Int
    public let height: Int
    /// Some edges are not drawn: the graph needs more routing than `maxPassThroughSlots` or
    /// `maxLineCells` allow (only a hostile or absurd topology does; every node is still drawn).
    public let abridged: Bool
    /// Node index per component.
    public let nodeOfComponent: [Int]
    /// Connection index per (from, to) component pair, to light edges without a search per frame.
    private let edgeOfPair: [Int: Int]

    /// The edge from `from` to `to`: an index into `topology.connections`, or past its end for
    /// a tracer and its per-CPU sink (`connections.count + k` for the k-th of `perCPUPairs`),
    /// which the kernel pairs by CPU rather than by a connection but a path still runs along.
    public func edge(from: Topology.ComponentID, to: Topology.ComponentID) -> Int? { edgeOfPair[from * 65_536 + to] }

    /// Every edge drawn, by `edge(from:to:)` index: the connections, then the per-CPU pairs.
    /// Nil for a connection naming an unknown component (a topology never has one).
    static func edgeEnds(of topology: Topology) -> [(from: Int, to: Int)?] {
        topology.connections.map { connection in
            topology.id(named: connection.from).flatMap { from in topology.id(named: connection.to).map { (from, $0) } }
        } + topology.perCPUPairs.map { (from: $0.source, to: $0.sink) }
    }

    /// The label slot per node: the name, a space and the state field.
    static func labelWidth(_ component: Component) -> Int { component.name.count + 1 + stateWidth(component) }

    /// Cells for a node's state: a tracer's mode and claim ("Se"), a link's refcount ("12"), a
    /// sink's activation, mode and refcount ("*S1").
    public static func stateWidth(_ component: Component) -> Int { component.type == .sink ? 3 : 2 }

    /// Pass-through slots (one per layer a long edge crosses) the layout routes at most.
    public static let maxPassThroughSlots = 20_000
    /// Line cells the layout draws at most (grid-256 needs 1,541; Juno 95).
    public static let maxLineCells = 100_000

    public init(topology: Topology) {
        var abridged = false
        let count = topology.components.count
        let edgeEnds = Self.edgeEnds(of: topology)
        var successors = [[Int]](repeating: [], count: count)
        var indegree = [Int](repeating: 0, count: count)
        for case let (from, to)? in edgeEnds {
            successors[from].append(to)
            indegree[to] += 1
        }
        // 1. Layers: longest path from a node without inputs (cycles are cut where found).
        var layer = [Int](repeating: 0, count: count)
        var queue = (0..<count).filter { indegree[$0] == 0 }
        var seen = 0
        var head = 0
        while head < queue.count {
            let id = queue[head]
            head += 1
            seen += 1
            for peer in successors[id] {
                layer[peer] = max(layer[peer], layer[id] + 1)
                indegree[peer] -= 1
                if indegree[peer] == 0 { queue.append(peer) }
            }
        }
        if seen < count {
            let top = (layer.max() ?? 0) + 1
            for id in 0..<count where indegree[id] > 0 { layer[id] = top }
        }
        let layerCount = (layer.max() ?? 0) + 1

        // 2. Chains: every edge becomes a list of slots, one per layer it crosses.
        // A slot is a real node (component) or a pass-through for a long edge.
        struct Slot { var component: Int?; var edge: Int?; var order: Double }
        var slots = [[Slot]](repeating: [], count: layerCount)
        var slotOfComponent = [(layer: Int, index: Int)](repeating: (0, 0), count: count)
        for id in 0..<count {
            let c = topology.components[id]
            let key = Double(c.cpu ?? 100_000 + id)
            slotOfComponent[id] = (layer[id], slots[layer[id]].count)
            slots[layer[id]].append(Slot(component: id, edge: nil, order: key))
        }
        var chains: [[(layer: Int, index: Int)]] = []
        var passThroughSlots = 0
        for (edgeIndex, ends) in edgeEnds.enumerated() {
            guard let (from, to) = ends else {
                chains.append([])
                continue
            }
            // Counted before anything is allocated: a chain of thousands of layers with edges
            // across it would otherwise ask for billions of slots.
            let crossed = max(0, layer[to] - layer[from] - 1)
            guard passThroughSlots + crossed <= Self.maxPassThroughSlots else {
                abridged = true
                chains.append([])
                continue
            }
            passThroughSlots += crossed
            var chain = [slotOfComponent[from]]
            if layer[to] > layer[from] {
                for l in (layer[from] + 1)..<layer[to] {
                    chain.append((l, slots[l].count))
                    slots[l].append(Slot(component: nil, edge: edgeIndex, order: 0))
                }
            }
            chain.append(slotOfComponent[to])
            chains.append(chain)
        }

        // 3. Order within layers: sweeps by the mean position of neighbours (Sugiyama style).
        var position = slots.map { layerSlots in layerSlots.indices.map(Double.init) }
        func sortLayer(_ l: Int) {
            let order = slots[l].indices.sorted { (slots[l][$0].order, $0) < (slots[l][$1].order, $1) }
            for (rank, index) in order.enumerated() { position[l][index] = Double(rank) }
        }
        sortLayer(0)
        var predecessors = slots.map { $0.map { _ in [(Int, Int)]() } }
        var followers = predecessors
        for chain in chains where chain.count >= 2 {
            for (a, b) in zip(chain, chain.dropFirst()) where b.layer > a.layer {
                predecessors[b.layer][b.index].append((a.layer, a.index))
                followers[a.layer][a.index].append((b.layer, b.index))
            }
        }
        func sweep(_ layers: [Int], using neighbours: [[[(Int, Int)]]]) {
            for l in layers {
                for i in slots[l].indices {
                    let near = neighbours[l][i]
                    if !near.isEmpty {
                        slots[l][i].order = near.map { position[$0.0][$0.1] }.reduce(0, +) / Double(near.count)
                    } else {
                        slots[l][i].order = position[l][i]
                    }
                }
                sortLayer(l)
            }
        }
        if layerCount > 1 {
            sweep(Array(1..<layerCount), using: predecessors)
            sweep(Array((0..<(layerCount - 1)).reversed()), using: followers)
            sweep(Array(1..<layerCount), using: predecessors)
        }

        // 4. Rows: layer 0 packed; later slots at their predecessors' mean row, pushed down to
        // keep order and one row apart.
        var row = slots.map { $0.map { _ in 0 } }
        for l in 0..<layerCount {
            let order = slots[l].indices.sorted { position[l][$0] < position[l][$1] }
            var next = 0
            for i in order {
                var wanted = next
                if l > 0, !predecessors[l][i].isEmpty {
                    let mean = Double(predecessors[l][i].map { row[$0.0][$0.1] }.reduce(0, +)) / Double(predecessors[l][i].count)
                    wanted = max(next, Int(mean.rounded()))
                }
                row[l][i] = wanted
                next = wanted + 1
            }
        }

        // 5. Columns: each layer as wide as its widest label; gaps hold one bus per target group.
        var layerWidth = [Int](repeating: 1, count: layerCount)
        for id in 0..<count { layerWidth[layer[id]] = max(layerWidth[layer[id]], Self.labelWidth(topology.components[id])) }
        // Bus columns per gap: intervals of rows that must not share a vertical line.
        var busOfTarget = [[Int: Int]](repeating: [:], count: layerCount)
        var gapWidth = [Int](repeating: 2, count: layerCount)
        for l in 1..<max(1, layerCount) {
            var intervals: [(target: Int, low: Int, high: Int)] = []
            for i in slots[l].indices where !predecessors[l][i].isEmpty {
                let rows = predecessors[l][i].map { row[$0.0][$0.1] } + [row[l][i]]
                intervals.append((i, rows.min()!, rows.max()!))
            }
            intervals.sort { ($0.low, $0.high) < ($1.low, $1.high) }
            var columnEnds: [Int] = []
            for interval in intervals {
                if let free = columnEnds.firstIndex(where: { $0 < interval.low - 0 }) {
                    columnEnds[free] = interval.high
                    busOfTarget[l][interval.target] = free
                } else {
                    columnEnds.append(interval.high)
                    busOfTarget[l][interval.target] = columnEnds.count - 1
                }
            }
            gapWidth[l] = 2 + max(1, columnEnds.count)
        }
        var layerX = [Int](repeating: 0, count: layerCount)
        for l in 1..<max(1, layerCount) { layerX[l] = layerX[l - 1] + layerWidth[l - 1] + gapWidth[l] }

        // 6. Nodes.
        var nodes: [Node] = []
        var nodeOfComponent = [Int](repeating: 0, count: count)
        for id in 0..<count {
            let (l, i) = slotOfComponent[id]
            nodeOfComponent[id] = nodes.count
            nodes.append(Node(component: id, layer: l, x: layerX[l], y: row[l][i], width: Self.labelWidth(topology.components[id])))
        }

        // 7. Edges: through pass-through slots horizontally; in each gap right, down/up, right.
        var arms: [Int: (arms: UInt8, edges: [Int])] = [:]
        var totalWidth = 0
        var totalHeight = 0
        func key(_ x: Int, _ y: Int) -> Int { y << 32 | x }
        func add(_ x: Int, _ y: Int, _ bits: UInt8, _ edge: Int) {
            var entry = arms[key(x, y)] ?? (0, [])
            entry.arms |= bits
            if !entry.edges.contains(edge) { entry.edges.append(edge) }
            arms[key(x, y)] = entry
            totalWidth = max(totalWidth, x + 1)
            totalHeight = max(totalHeight, y + 1)
        }
        let up: UInt8 = 1, down: UInt8 = 2, left: UInt8 = 4, right: UInt8 = 8
        var arrows: [(x: Int, y: Int, edge: Int)] = []
        for (edge, chain) in chains.enumerated() where chain.count >= 2 {
            guard arms.count < Self.maxLineCells else {
                abridged = true
                break
            }
            for (a, b) in zip(chain, chain.dropFirst()) {
                // A link back to an earlier or the same layer (a cycle in a broken sysfs tree)
                // has no left-to-right route; the cut is reported where the tree is read.
                guard b.layer > a.layer else { continue }
                let ya = row[a.layer][a.index]
                let yb = row[b.layer][b.index]
                // Leave a: from its label's end (real node) or its column start (pass-through).
                let startX: Int
                if let component = slots[a.layer][a.index].component {
                    // Through the state field: the node writes its state over the line when it has one.
                    startX = layerX[a.layer] + topology.components[component].name.count + 1
                } else {
                    startX = layerX[a.layer]
                    for x in layerX[a.layer]..<(layerX[a.layer] + layerWidth[a.layer]) { add(x, ya, left | right, edge) }
                }
                let endX = layerX[b.layer] - 1
                let bus = layerX[b.layer] - gapWidth[b.layer] + 1 + (busOfTarget[b.layer][b.index] ?? 0)
                let busX = min(max(bus, startX), endX - 1)
                for x in startX..<busX { add(x, ya, left | right, edge) }
                if ya == yb {
                    add(busX, ya, left | right, edge)
                } else {
                    add(busX, ya, left | (yb > ya ? down : up), edge)
                    for y in (min(ya, yb) + 1)..<max(ya, yb) { add(busX, y, up | down, edge) }
                    add(busX, yb, right | (yb > ya ? up : down), edge)
                }
                for x in (busX + 1)...max(busX + 1, endX) { add(x, yb, left | right, edge) }
                if slots[b.layer][b.index].component != nil { arrows.append((endX, yb, edge)) }
            }
        }
        for node in nodes {
            totalWidth = max(totalWidth, node.x + node.width)
            totalHeight = max(totalHeight, node.y + 1)
        }
        self.lines = arms.map { entry in
            LineCell(x: entry.key & 0xFFFF_FFFF, y: entry.key >> 32, glyph: LineGlyphs.glyph(LineArms(rawValue: entry.value.arms), .light), edges: entry.value.edges)
        }.sorted { ($0.y, $0.x) < ($1.y, $1.x) }
        self.arrows = arrows
        self.nodes = nodes
        self.nodeOfComponent = nodeOfComponent
        var edgeOfPair: [Int: Int] = [:]
        for (index, ends) in edgeEnds.enumerated() {
            if let (from, to) = ends { edgeOfPair[from * 65_536 + to] = index }
        }
        self.edgeOfPair = edgeOfPair
        self.width = totalWidth
        self.height = totalHeight
        self.abridged = abridged
    }
}
