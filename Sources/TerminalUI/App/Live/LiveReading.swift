/// What one poll of a live board read, in the UI's terms; the front end maps its backend's
/// reading (sysfs) to this, so the views stay free of files.
public struct LiveReading: Sendable, Hashable {
    /// `enable_source` per source device; a device whose file gave no value is absent here
    /// and listed in `unreadable`.
    public var sourceEnabled: [String: Bool]
    /// `enable_sink` per sink device.
    public var sinkEnabled: [String: Bool]
    /// What an enable file gave instead of a value (`empty`: a write caught half done;
    /// `unreadable (EACCES)`; `garbage "x"`). The view keeps showing the last value read.
    public var unreadable: [LiveAttribute: String]
    /// Per CPU: online (absent: unknown).
    public var online: [Int: Bool]
    /// Per CPU: idle entries since the previous poll (all idle states together).
    public var idleEntries: [Int: UInt64]
    /// What could not be read, one line each ("etm3: enable_source: Permission denied").
    public var problems: [String]
    /// System calls the poll took (for the header).
    public var syscalls: Int

    public init(sourceEnabled: [String: Bool] = [:], sinkEnabled: [String: Bool] = [:],
                unreadable: [LiveAttribute: String] = [:], online: [Int: Bool] = [:],
                idleEntries: [Int: UInt64] = [:], problems: [String] = [], syscalls: Int = 0) {
        self.sourceEnabled = sourceEnabled
        self.sinkEnabled = sinkEnabled
        self.unreadable = unreadable
        self.online = online
        self.idleEntries = idleEntries
        self.problems = problems
        self.syscalls = syscalls
    }
}

extension LiveReading {
    /// The value read from an enable file, nil when it gave none.
    public func value(of attribute: LiveAttribute) -> Bool? {
        attribute.target == .source ? sourceEnabled[attribute.device] : sinkEnabled[attribute.device]
    }

    mutating func setValue(_ value: Bool?, of attribute: LiveAttribute) {
        switch attribute.target {
        case .source: sourceEnabled[attribute.device] = value
        case .sink: sinkEnabled[attribute.device] = value
        }
    }

    /// This reading with the values `previous` knew for files that gave none now, so a write
    /// caught half done does not turn a tracer off on screen.
    func carryingValues(from previous: LiveReading) -> LiveReading {
        var carried = self
        for attribute in unreadable.keys where value(of: attribute) == nil {
            carried.setValue(previous.value(of: attribute), of: attribute)
        }
        return carried
    }
}

/// Which enable file a live write targets.
public enum LiveTarget: String, Sendable, Hashable {
    case source, sink

    /// `enable_source`, `enable_sink`.
    public var fileName: String { "enable_\(rawValue)" }
}

/// One device's enable file.
public struct LiveAttribute: Sendable, Hashable {
    public var device: String
    public var target: LiveTarget

    public init(device: String, target: LiveTarget) {
        self.device = device
        self.target = target
    }
}

/// A write the user asked for and must confirm: the file is named before anything is written.
public struct LiveWrite: Sendable, Hashable {
    public var device: String
    public var target: LiveTarget
    public var enable: Bool
    /// The exact file, for the confirmation prompt.
    public var path: String
}

/// The live view's settings and counters (header, footer, writes).
public struct LiveStatus: Sendable {
    public var root: String
    public var intervalMilliseconds: Int
    public var writesAllowed: Bool
    /// Names the file a write would open (the backend's own rule).
    public var targetPath: @Sendable (_ device: String, _ target: LiveTarget) -> String
    public var polls = 0
    /// Idle entries per CPU since the view opened (the last poll's are in its reading).
    public var idleTotals: [Int: UInt64] = [:]
    /// A recorded live session played back (`csx replay`), not a board being watched.
    public var isReplay = false
    /// A board over ssh: `r` reconnects a dropped connection.
    public var isRemote = false
    /// The connection's state for the header while it is not simply up ("LOST root@juno:
    /// retry in 4 s (r now)"); nil when connected or local.
    public internal(set) var connection: String?
    public internal(set) var connectionLost = false
    /// `r` was pressed while the connection was down: the front end reconnects at once.
    public internal(set) var reconnectRequested = false
    /// `x` was pressed: the front end explores the board under its kernel's profile.
    public internal(set) var explorationRequested = false
    /// The kernel, its profile and pm_save_enable, for the header and the inspector.
    public var kernel = LiveKernelSummary()
    /// Sources, CPU by CPU, of the values the view shows (for the inspector).
    public var files = LiveFiles()

    public init(root: String, intervalMilliseconds: Int, writesAllowed: Bool,
                targetPath: @escaping @Sendable (_ device: String, _ target: LiveTarget) -> String) {
        self.root = root
        self.intervalMilliseconds = intervalMilliseconds
        self.writesAllowed = writesAllowed
        self.targetPath = targetPath
    }
}

/// What the board's kernel is and what the model makes of it. Every value says where it came
/// from; what nothing shows is `unknown`.
public struct LiveKernelSummary: Sendable, Hashable {
    /// `pm_save_enable` as read (`0`, `1`, `2`), nil: unknown.
    public var pmSaveEnable: Int?
    /// The file it was read from (relative to the root).
    public var pmSaveFile: String
    /// The release as read, nil: unknown.
    public var release: String?
    /// `proc/sys/kernel/osrelease` or `uname -r`.
    public var releaseSource: String?
    /// The nearest shipped profile (`v6.18.2`), nil when there is no release to map.
    public var profile: String?
    /// Why that profile: the rule applied (`6.18.5 ≥ v6.18.2, < v6.19`).
    public var profileRule: String?
    /// The pm-save the model runs for this board, and why (`never: pm_save_enable is 1`).
    public var modelPMSave: String
    /// Known races under that profile on this board: `claim-failure-vs-idle: pm-reads-stale-mode
    /// in 11 moves`; empty with `racesNote` saying why.
    public var races: [String]
    public var racesNote: String?
    /// The last `x` exploration, line by line.
    public var exploration: [String]

    public init(pmSaveEnable: Int? = nil, pmSaveFile: String = "module/coresight_etm4x/parameters/pm_save_enable",
                release: String? = nil, releaseSource: String? = nil, profile: String? = nil, profileRule: String? = nil,
                modelPMSave: String = "firmware (assumed)", races: [String] = [], racesNote: String? = nil, exploration: [String] = []) {
        self.pmSaveEnable = pmSaveEnable
        self.pmSaveFile = pmSaveFile
        self.release = release
        self.releaseSource = releaseSource
        self.profile = profile
        self.profileRule = profileRule
        self.modelPMSave = modelPMSave
        self.races = races
        self.racesNote = racesNote
        self.exploration = exploration
    }

    /// `pm_save_enable 1 (never)`, `pm_save_enable unknown`.
    public var pmSaveText: String {
        guard let value = pmSaveEnable else { return "pm_save_enable unknown" }
        let meaning = ["firmware", "never", "self-hosted"][value]
        return "pm_save_enable \(value) (\(meaning))"
    }

    /// `kernel 6.18.5 → v6.18.2`, `kernel unknown`.
    public var releaseText: String {
        guard let release else { return "kernel unknown" }
        return "kernel \(release)" + (profile.map { " → \($0)" } ?? "")
    }
}

/// The files behind the values the live view shows, as the backend names them (relative to
/// the root), so the inspector can name each one.
public struct LiveFiles: Sendable, Hashable {
    /// Per device: its directory (`bus/coresight/devices/etm1`).
    public var deviceDirectory: [String: String]
    /// `devices/system/cpu/online`, or per CPU `devices/system/cpu/cpuN/online`; nil: none
    /// (the CPU cannot be unplugged).
    public var onlineFile: [Int: String]
    /// Per CPU, the idle counters read (`devices/system/cpu/cpu2/cpuidle/state*/usage`).
    public var idleFiles: [Int: String]

    public init(deviceDirectory: [String: String] = [:], onlineFile: [Int: String] = [:], idleFiles: [Int: String] = [:]) {
        self.deviceDirectory = deviceDirectory
        self.onlineFile = onlineFile
        self.idleFiles = idleFiles
    }
}
