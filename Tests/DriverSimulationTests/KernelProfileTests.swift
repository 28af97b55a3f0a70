import DriverSimulation
import Foundation
import Scenarios
import Testing

/// Kernel profiles as data: the shipped releases and a user's own file.
@Suite struct KernelProfileTests {
    @Test func theShippedReleasesInOrderWithTheirKnobs() throws {
        let shipped = try KernelCatalogue.shipped()
        #expect(shipped.map(\.name) == ["v6.18", "v6.18.2", "v6.19", "v7.0", "v7.1", "v7.2"])
        let knobs = shipped.map { "\($0.knobs.modePlacement)/\($0.knobs.pmCode)/\($0.knobs.hotplug)" }
        #expect(knobs == [
            "caller/v1/driver", "target/v2/driver", "target/v3/driver", "target/v3/driver", "target/v3/driver", "target/v3/core",
        ])
        // v7.2's hotplug knob stands for the three commits that moved hotplug into the core.
        let v72 = try #require(shipped.last)
        #expect(Set(["2c7f786928c4", "7105d2aa76d8", "a5dd853fb777"]).isSubset(of: v72.commits.map(\.id)))
        #expect(shipped.allSatisfy { $0.file == nil && !$0.about.isEmpty })
        // Every profile that changes the driver cites the commits it stands for.
        for profile in shipped where profile.knobs.modePlacement == .target {
            #expect(profile.commits.contains { $0.id == "28eee2158575" }, "\(profile.name)")
        }
    }

    @Test func legacyAndFixedAreNamesForV618AndV619() throws {
        #expect(try KernelCatalogue.load("legacy").name == "v6.18")
        #expect(try KernelCatalogue.load("fixed").name == "v6.19")
        #expect(try KernelCatalogue.load("v6.17.13").name == "v6.18.2")
        #expect(throws: ScenarioError.self) { try KernelCatalogue.load("v5.10") }
    }

    @Test func aUsersProfileModelsAPatchUnderReview() throws {
        let profile = try KernelProfileFile.parse(
            """
            name: caller-with-exit-pm
            about: what if the PM rework had landed without the fix
            mode-placement: caller
            pm-code: v3
            commits:
              9e9182cab5eb: "coresight: etm4x: Remove the state_needs_restore flag"
            """, file: "my-patch.yaml")
        #expect(profile.name == "caller-with-exit-pm")
        #expect(profile.knobs == DriverKnobs(modePlacement: .caller, pmCode: .v3))
        #expect(profile.file == "my-patch.yaml")
        #expect(profile.commits == [KernelCommit(id: "9e9182cab5eb", subject: "coresight: etm4x: Remove the state_needs_restore flag")])
        let unnamed = try KernelProfileFile.parse("mode-placement: target\npm-code: v2\n", file: "dir/review-v3.yaml")
        #expect(unnamed.name == "review-v3")
        // Without a hotplug key, a profile has the driver's callbacks, as every release before v7.2.
        #expect(unnamed.knobs.hotplug == .driver)
        let core = try KernelProfileFile.parse("mode-placement: caller\npm-code: v1\nhotplug: core\n", file: "p.yaml")
        #expect(core.knobs == DriverKnobs(modePlacement: .caller, pmCode: .v1, hotplug: .core))
    }

    @Test(arguments: [
        ("mode-placement: caller\npm-code: v1\nsleep: core\n", "p.yaml:3:1: unknown key \"sleep\" (expected one of: name, aliases, about, mode-placement, pm-code, hotplug, commits)"),
        ("mode-placement: caller\npm-code: v1\nhotplug: sideways\n", "p.yaml:3:10: expected driver or core, found \"sideways\""),
        ("mode-placement: callee\npm-code: v1\n", "p.yaml:1:17: expected caller or target, found \"callee\""),
        ("mode-placement: caller\npm-code: v9\n", "p.yaml:2:10: expected v1, v2 or v3, found \"v9\""),
        ("mode-placement: caller\n", "p.yaml:1:1: missing key \"pm-code\""),
        ("pm-code: v2\n", "p.yaml:1:1: missing key \"mode-placement\""),
        ("mode-placement: caller\npm-code: v1\ncommits: {nothex: subject}\n", "p.yaml:3:11: expected a commit id of 7 to 40 hex digits, found \"nothex\""),
        ("", "p.yaml: empty file: a kernel profile needs mode-placement and pm-code"),
    ])
    func badProfilesSayWhereAndWhat(yaml: String, message: String) {
        #expect(throws: ScenarioError.self) { try KernelProfileFile.parse(yaml, file: "p.yaml") }
        do {
            _ = try KernelProfileFile.parse(yaml, file: "p.yaml")
        } catch {
            #expect(error.description == message)
        }
    }

    @Test func aProfileFileIsReadByPath() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("csx-kernel-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("patch.yaml")
        try "mode-placement: caller\npm-code: v2\n".write(to: file, atomically: true, encoding: .utf8)
        let profile = try KernelCatalogue.load(file.path)
        #expect(profile.name == "patch" && profile.file == file.path)
        #expect(throws: ScenarioError.self) { try KernelCatalogue.load(directory.appendingPathComponent("missing.yaml").path) }
    }
}
