import Foundation
import DriverSimulation
import Sessions

/// Session files from the command line: errors become `csx: FILE:LINE: ...` (exit 2), warnings
/// go to standard error.
enum SessionFiles {
    /// `--record FILE`: the header and the scenario start now, each later action as it happens.
    static func startRecording(_ path: String?, simulation: Simulation) throws -> Recording? {
        guard let path else { return nil }
        do {
            return Recording(recorder: try SessionRecorder.start(path, simulation: simulation, csxVersion: CSXVersion.string))
        } catch {
            throw BadInput(error.description)
        }
    }

    struct Recording {
        let recorder: SessionRecorder

        func append(_ record: StepRecord?) throws {
            guard let record else { return }
            do { try recorder.append(record) } catch { throw BadInput(error.description) }
        }
    }

    /// Loads a session, printing the reader's warnings (a torn last line) to standard error.
    static func load(_ path: String) throws -> LoadedSession {
        let session: LoadedSession
        do { session = try SessionLoader.load(path: path) } catch { throw BadInput(error.description) }
        for warning in session.warnings { warn(warning) }
        return session
    }
}


