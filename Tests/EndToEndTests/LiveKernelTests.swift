import Foundation
import SysfsFixtures
import Testing

/// `csx topology --sysfs ROOT --json` ties the board's kernel to the model: the release (from
/// proc/ beside the root) mapped to the nearest shipped profile by the documented rule, and
/// the races the shipped scenarios find under it at the board's pm_save_enable, explored.
@Suite("Live kernel mapping end to end")
struct LiveKernelTests {
    static func kernel(release: String?, pmSave: String, fixture: String = "juno-r2") throws -> [String: Any] {
        let tree = try FixtureTree(fixture)
        if let release {
            try FileManager.default.createDirectory(atPath: tree.path("proc/sys/kernel"), withIntermediateDirectories: true)
            try tree.write("proc/sys/kernel/osrelease", release + "\n")
        }
        try tree.write("sys/module/coresight_etm4x/parameters/pm_save_enable", pmSave + "\n")
        let result = try Subprocess.run(try CSXBinary.path(), ["topology", "--sysfs", tree.root, "--json"])
        #expect(result.exitCode == 0, "\(result.standardError)")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
        // The topology document keeps its members, in order, with "kernel" added last.
        let keys = result.standardOutput.split(separator: "\n").filter { $0.hasPrefix("  \"") }.map { $0.split(separator: "\"")[1] }
        #expect(keys == ["components", "connections", "kernel"])
        return try #require(document["kernel"] as? [String: Any])
    }

    @Test(arguments: [
        ("6.17.12", "v6.18"), ("6.17.13", "v6.18.2"), ("6.18.0", "v6.18"), ("6.18.1-arm64", "v6.18"), ("6.18.2", "v6.18.2"),
        ("6.18.9", "v6.18.2"), ("6.19.3", "v6.19"), ("7.0.0-rc4", "v7.0"), ("7.1.2", "v7.1"),
    ])
    func aReleaseMapsToTheNearestShippedProfile(release: String, profile: String) throws {
        let kernel = try Self.kernel(release: release, pmSave: "1")
        #expect(kernel["profile"] as? String == profile, "\(kernel)")
        #expect(kernel["release"] as? String == release)
        #expect(kernel["release-from"] as? String == "proc/sys/kernel/osrelease")
    }

    @Test func aReleaseNewerThanEveryProfileTakesTheNewestAtOrBelowIt() throws {
        let kernel = try Self.kernel(release: "99.1", pmSave: "1")
        #expect((kernel["profile-rule"] as? String)?.contains("the newest shipped") == true, "\(kernel)")
    }

    /// The races of each profile on this board, by invariant: the idle races where CPU PM saves
    /// (pm_save_enable 2), the hotplug windows whatever pm_save_enable says.
    static func races(_ kernel: [String: Any]) throws -> [String: String] {
        let races = try #require(kernel["known-races"] as? [[String: Any]])
        return Dictionary(uniqueKeysWithValues: races.compactMap { race in
            (race["scenario"] as? String).map { ($0, race["invariant"] as? String ?? "?") }
        })
    }

    @Test func theLegacyDriverSelfHostedHasTheKnownRacesAndTheFixedOneOnlyItsHotplugWindows() throws {
        let legacy = try Self.kernel(release: "6.18.1", pmSave: "2")
        let idle = ["claim-failure-vs-idle", "disable-vs-idle", "ipi-wakes-idle-cpu", "sysfs-vs-perf", "path-pointer-window"]
        let hotplugLegacy = ["claim-while-offline", "enable-vs-online"]
        let found = try Self.races(legacy)
        #expect(Set(found.keys) == Set(idle + hotplugLegacy), "\(found)")
        for scenario in idle { #expect(found[scenario] == "pm-reads-stale-mode", "\(scenario)") }
        for scenario in hotplugLegacy { #expect(found[scenario] == "quiescent-mode-matches-hw", "\(scenario)") }
        #expect(legacy["pm-save"] as? String == "self-hosted")
        let fixed = try Self.races(try Self.kernel(release: "6.19.0", pmSave: "2"))
        #expect(fixed == ["disable-while-offline": "tracer-matches-path", "claim-while-offline": "quiescent-mode-matches-hw"], "\(fixed)")
        // pm_save_enable 1 (never): the stale reads decide nothing; hotplug does not care.
        let never = try Self.kernel(release: "6.18.1", pmSave: "1")
        #expect(Set(try Self.races(never).keys) == Set(hotplugLegacy))
        #expect(never["pm-save"] as? String == "never")
    }

    @Test func noReleaseIsUnknownNotGuessed() throws {
        let kernel = try Self.kernel(release: nil, pmSave: "1")
        #expect(kernel["release"] is NSNull)
        #expect(kernel["profile"] is NSNull)
        #expect(kernel["pm-save-enable"] as? Int == 1)
    }
}

/// The live view shows the board's kernel, its profile and the races found under it, and `x`
/// explores the board under that profile.
@Suite("Live kernel in the view", .serialized)
struct LiveKernelViewTests {
    @Test func theViewShowsTheProfileItsRacesAndXExplores() throws {
        let tree = try FixtureTree("juno-r2")
        try FileManager.default.createDirectory(atPath: tree.path("proc/sys/kernel"), withIntermediateDirectories: true)
        try tree.write("proc/sys/kernel/osrelease", "6.18.1\n")
        try tree.write("sys/module/coresight_etm4x/parameters/pm_save_enable", "2\n")
        let binary = try CSXBinary.path()
        let session = try TmuxSession(command: "exec '\(binary)' live --sysfs-root '\(tree.root)' --interval 100", width: 240, height: 60)
        defer { session.kill() }
        let start = try session.waitFor(text: "kernel 6.18.1 → v6.18")
        #expect(start.contains("pm_save_enable 2 (self-hosted)"))
        try session.waitFor(text: "claim-failure-vs-idle: pm-reads-stale-mode")
        try session.sendKeys("x")
        try session.waitFor(text: "explored the generated scenario under v6.18")
        try session.sendKeys("q")
        #expect(try session.waitForExit() == 0)
    }
}
