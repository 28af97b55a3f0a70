/// Name order that puts `etm2` before `etm10` and `out:2` before `out:10`.
enum NaturalOrder {
    static func precedes(_ a: String, _ b: String) -> Bool {
        let left = DeviceClassifier.splitIndex(a)
        let right = DeviceClassifier.splitIndex(b)
        if let left, let right, left.prefix == right.prefix { return left.index < right.index }
        let leftPrefix = left?.prefix ?? a
        let rightPrefix = right?.prefix ?? b
        return leftPrefix != rightPrefix ? leftPrefix < rightPrefix : a < b
    }
}
