import DriverSimulation
import OrderedJSON

/// The bytes of each line kind, newline included: one `write(2)` each.
enum SessionLines {
    static func header(_ header: SessionHeader) -> [UInt8] {
        bytes(header.json())
    }

    static func action(_ record: StepRecord, words: EventWords) -> [UInt8] {
        action(record.action, isSetup: record.isSetup, events: record.events, words: words)
    }

    static func action(_ action: Action, isSetup: Bool, events: [Event], words: EventWords) -> [UInt8] {
        bytes(.object([
            ("type", .string(SessionFormat.LineType.action)),
            ("setup", .bool(isSetup)),
            ("action", .string(action.description)),
            ("events", .array(events.map(words.json))),
        ]))
    }

    static func change(_ change: TimedLiveChange) -> [UInt8] {
        bytes(.object([
            ("type", .string(SessionFormat.LineType.change)),
            ("t", .int(Int(clamping: change.monotonicNanoseconds))),
            ("change", .string(change.change.name)),
        ] + change.change.members))
    }

    private static func bytes(_ json: JSON) -> [UInt8] {
        var text = json.rendered(indent: nil)
        text += "\n"
        return Array(text.utf8)
    }
}
