import CoreSightModel
import Testing

/// The printed graph does not depend on the order connections were listed in: a board read from
/// a device tree or sysfs prints exactly like the built-in one.
@Suite struct ConnectionOrderTests {
    @Test(arguments: ["juno-r2", "hikey960", "db410c", "grid-9"])
    func printingIgnoresTheOrderConnectionsWereGivenIn(board name: String) throws {
        let board = try #require(Board.named(name))
        let given = try board.topology()
        let reversed = try Topology(
            name: board.name, cpuCount: board.cpuCount, components: board.components,
            connections: board.connections.reversed())
        #expect(reversed.json() == given.json())
        #expect(reversed.text() == given.text())
        #expect(reversed.dot() == given.dot())
    }

    @Test func connectionsFollowTheirSourceComponentThenOutputPort() throws {
        let topology = try Board.junoR2.topology()
        let order = topology.connectionsInComponentOrder.map { [topology.id(named: $0.from)!, $0.outport] }
        #expect(order == order.sorted { $0.lexicographicallyPrecedes($1) })
        #expect(Set(topology.connectionsInComponentOrder) == Set(topology.connections))
    }
}
