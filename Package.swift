// swift-tools-version: 6.1
import PackageDescription

let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "csx",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "csx", targets: ["csx"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.0.0"),
        .package(url: "https://github.com/x-sheep/swift-property-based.git", from: "2.0.0"),
    ],
    targets: [
        // JSON with ordered keys, for byte-for-byte deterministic output.
        .target(name: "OrderedJSON", swiftSettings: strict),
        // Input text made safe to echo on a terminal: control characters escaped, long tokens cut.
        .target(name: "SafeText", swiftSettings: strict),
        // Topology: component kinds, graph, path building, built-in boards. Pure.
        .target(name: "CoreSightModel", dependencies: ["OrderedJSON", "SafeText"], swiftSettings: strict),
        // The driver model: World, flows, invariants, actions, reports. Pure.
        .target(name: "DriverSimulation", dependencies: ["CoreSightModel", "OrderedJSON", "SafeText"], swiftSettings: strict),
        // Scenario files (YAML) and the built-in scenario catalogue.
        .target(
            name: "Scenarios",
            dependencies: [
                "DriverSimulation", "BuiltinResources", "DeviceTree", "LiveSysfs", "SafeText",
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: strict
        ),
        // A run drawn as a race diagram in the kernel's own style: events and a profile in, ASCII out.
        .target(name: "RaceDiagram", dependencies: ["DriverSimulation", "CoreSightModel", "SafeText"], swiftSettings: strict),
        // Files shipped inside csx (Resources/scenarios, Resources/kernels).
        .target(
            name: "BuiltinResources",
            path: "Resources",
            sources: ["Accessor"],
            resources: [.copy("scenarios"), .copy("kernels")],
            swiftSettings: strict
        ),
        // Exhaustive exploration of a scenario's schedules: BFS, reductions, counterexamples.
        .target(
            name: "Exploration",
            dependencies: ["DriverSimulation", "CoreSightModel", "OrderedJSON", "CPrefetch"],
            swiftSettings: strict
        ),
        // A cache prefetch hint (a compiler builtin Swift has no spelling for).
        .target(name: "CPrefetch", path: "Sources/CPrefetch"),
        // Device tree source (DTS subset) → Topology.
        .target(name: "DeviceTree", dependencies: ["CoreSightModel", "SafeText"], swiftSettings: strict),
        // A sysfs root → Topology + observed state; poller; guarded writes.
        .target(name: "LiveSysfs", dependencies: ["CoreSightModel", "SafeText"], swiftSettings: strict),
        // Screen buffer (cells of glyph + style), drawing primitives, SVG export; later the views.
        .target(name: "TerminalUI", dependencies: ["CoreSightModel", "DriverSimulation", "SafeText"], swiftSettings: strict),
        // ncursesw and the C shim for what Swift cannot import (macros, globals).
        .systemLibrary(
            name: "CNcurses",
            path: "Sources/CNcurses",
            providers: [.apt(["libncurses-dev"])]
        ),
        .target(name: "CNcursesShim", dependencies: ["CNcurses"], path: "Sources/CNcursesShim"),
        // The only code that calls ncurses: blits buffer diffs, keys, resize, terminal restore.
        .target(
            name: "NcursesTerminal",
            dependencies: ["CNcursesShim", "TerminalUI"],
            swiftSettings: strict
        ),
        // Session files (JSON Lines): recorder, streaming reader, replay and verify, Perfetto export.
        .target(
            name: "Sessions",
            dependencies: ["DriverSimulation", "CoreSightModel", "OrderedJSON", "Scenarios", "SafeText"],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "csx",
            dependencies: [
                "CoreSightModel", "DriverSimulation", "Scenarios", "OrderedJSON", "Exploration", "Sessions",
                "DeviceTree", "LiveSysfs", "TerminalUI", "NcursesTerminal", "SafeText", "RaceDiagram",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict
        ),
        .testTarget(name: "SafeTextTests", dependencies: ["SafeText"], swiftSettings: strict),
        .testTarget(
            name: "CoreSightModelTests",
            dependencies: ["CoreSightModel", "OrderedJSON"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "DriverSimulationTests",
            dependencies: ["FuzzSupport", "SafeText", 
                "DriverSimulation", "Scenarios", "OrderedJSON",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "DeviceTreeTests",
            dependencies: ["FuzzSupport", "SafeText", 
                "DeviceTree", "CoreSightModel",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            exclude: ["Fixtures"],
            swiftSettings: strict
        ),
        // Expands the sysfs fixture manifests (Tests/LiveSysfsTests/Fixtures) into temporary trees.
        .target(name: "SysfsFixtures", path: "Tests/SysfsFixtures", swiftSettings: strict),
        // Fuzz budget, seeded generator, mutations and the hostile corpus (Tests/HostileCorpus).
        .target(name: "FuzzSupport", dependencies: ["SafeText"], path: "Tests/FuzzSupport", swiftSettings: strict),
        .testTarget(
            name: "LiveSysfsTests",
            dependencies: ["FuzzSupport", "SafeText", "LiveSysfs", "CoreSightModel", "SysfsFixtures"],
            exclude: ["Fixtures"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "TerminalUITests",
            dependencies: ["FuzzSupport", "SafeText", "TerminalUI", "DriverSimulation", "Scenarios"],
            exclude: ["Snapshots"],
            swiftSettings: strict
        ),
        // One board, three readings: built-in, DTS fixture and sysfs fixture agree.
        .testTarget(
            name: "BoardAgreementTests",
            dependencies: ["CoreSightModel", "DeviceTree", "LiveSysfs", "Scenarios", "DriverSimulation", "SysfsFixtures"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "SessionsTests",
            dependencies: ["FuzzSupport", "SafeText", 
                "Sessions", "DriverSimulation", "Scenarios", "OrderedJSON", "CoreSightModel",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            swiftSettings: strict
        ),
        // The explorer: verdicts, replayable counterexamples, reductions, Spin agreement.
        .testTarget(
            name: "ExplorationTests",
            dependencies: ["Exploration", "DriverSimulation", "Scenarios", "OrderedJSON", "FuzzSupport", "csx"],
            swiftSettings: strict
        ),
        // Race diagrams: golden files, widths, the kernel function lists.
        .testTarget(
            name: "RaceDiagramTests",
            dependencies: ["RaceDiagram", "DriverSimulation", "Scenarios", "Exploration", "CoreSightModel", "TerminalUI", "FuzzSupport", "csx"],
            exclude: ["Golden"],
            swiftSettings: strict
        ),
        // Drives the real csx binary: exit codes, output, and the TUI inside tmux.
        .testTarget(
            name: "EndToEndTests",
            dependencies: ["FuzzSupport", "SafeText", "csx", "SysfsFixtures"],
            swiftSettings: strict
        ),
    ],
    swiftLanguageModes: [.v6]
)
