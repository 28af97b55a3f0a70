import ArgumentParser
import CoreSightModel
import LiveSysfs

/// `csx demo-tree DIR`: a built-in board as a sysfs tree, to try `csx live` without a board.
struct DemoTree: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo-tree",
        abstract: "Write a built-in board's sysfs tree, to try csx live without a board.",
        discussion: """
            Writes DIR/sys as the kernel lays out CoreSight in sysfs (the bus's device links, \
            connections/, enable_source and enable_sink, the CPUs, pm_save_enable), everything \
            disabled. Then: csx live --sysfs-root DIR/sys (add --allow-writes to enable tracers \
            in the tree). DIR must be new, empty, or a tree this command wrote before (it holds \
            the file .csx-demo-tree and sys only), which is replaced.
            """)

    @Argument(help: "The directory to write (new, empty, or a previous demo tree).")
    var directory: String

    @Option(help: "A built-in board (csx boards lists them).")
    var board: String = Board.defaultName

    func run() throws {
        let topology = try Loading.topology(board: board)
        do {
            try LiveSysfs.DemoTree.write(topology, to: directory)
        } catch {
            throw BadInput(error.description)
        }
        emit("wrote \(board)'s sysfs tree to \(directory)/sys; try: csx live --sysfs-root \(directory)/sys\n")
    }
}
