import ArgumentParser
import CoreSightModel
import LiveSysfs
import SafeText

/// `csx demo-tree DIR`: a built-in board as a sysfs tree, to try `csx live` without a board.
struct DemoTree: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo-tree",
        abstract: "Write a built-in board's sysfs tree, to try csx live without a board.",
        discussion: """
            Writes DIR/sys as the kernel lays out CoreSight in sysfs (the bus's device links, \
            connections/, enable_source and enable_sink, the CPUs, pm_save_enable), everything \
            disabled. Then: csx live --sysfs-root DIR/sys (add --allow-writes to enable tracers \
            in the tree). With --release, DIR/proc/sys/kernel/osrelease says which kernel the \
            board runs, so csx live ties it to that release's profile and lists its known races. \
            DIR must be new, empty, or a tree this command wrote before (it holds the file \
            .csx-demo-tree, sys and proc only), which is replaced.
            """)

    @Argument(help: "The directory to write (new, empty, or a previous demo tree).")
    var directory: String

    @Option(help: "A built-in board (csx boards lists them).")
    var board: String = Board.defaultName

    @Option(help: "A kernel release for the board to run, as uname -r prints it (e.g. 6.18.2); default: none, the kernel is unknown.")
    var release: String?

    func run() throws {
        let topology = try Loading.topology(board: board)
        if let release {
            // What `uname -r` can print: a short word of letters, digits and . _ + ~ -.
            let allowed = Set("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ._+~-")
            guard (1...64).contains(release.count), release.allSatisfy(allowed.contains), release.first?.isNumber == true else {
                throw BadInput("--release expects a kernel release such as 6.18.2 or 7.0.0-rc3 (1 to 64 letters, digits and . _ + ~ -, starting with a digit; got \(Echo.escaped(release)))")
            }
        }
        do {
            try LiveSysfs.DemoTree.write(topology, release: release, to: directory)
        } catch {
            throw BadInput(error.description)
        }
        emit("wrote \(board)'s sysfs tree to \(directory)/sys; try: csx live --sysfs-root \(directory)/sys\n")
    }
}
