public import ArgumentParser
import DriverSimulation
import Scenarios

/// Which driver a command simulates: a kernel profile (`--kernel`, or its alias `--variant`)
/// and `pm_save_enable` (`--pm-save`). Each overrides what the scenario says; docs/driver-model.md §0.
struct DriverOptions: ParsableArguments {
    @Option(help: ArgumentHelp(
        "Kernel profile: a shipped name or alias (csx kernels lists them) or a profile .yaml file (overrides the scenario's).",
        valueName: "name|file"))
    var kernel: String?

    @Option(help: ArgumentHelp("legacy or fixed: another name for --kernel v6.18 or --kernel v6.19.", valueName: "legacy|fixed"))
    var variant: Variant?

    @Option(name: .customLong("pm-save"), help: ArgumentHelp(
        "pm_save_enable: firmware (the board decides), never or self-hosted (overrides the scenario's and the board's).",
        valueName: "firmware|never|self-hosted"))
    var pmSave: PMSave?

    func validate() throws {
        if kernel != nil && variant != nil {
            throw ValidationError("give --kernel or --variant, not both (--variant legacy is --kernel v6.18, fixed is v6.19)")
        }
    }

    /// The profile `--kernel` names, read now so a bad file fails before anything runs
    /// (`FILE:LINE:COL: ...`, exit 2); nil when not given.
    func profile() throws -> DriverProfile? {
        guard let kernel else { return nil }
        return try Loading.kernel(kernel)
    }
}

extension Loading {
    /// A shipped profile by name or alias, or a profile file, with a user-facing error.
    static func kernel(_ nameOrPath: String) throws -> DriverProfile {
        do { return try KernelCatalogue.load(nameOrPath) } catch { throw BadInput(error.description) }
    }
}

extension PMSave: ExpressibleByArgument {}
