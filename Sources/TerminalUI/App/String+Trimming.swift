extension String {
    /// Without leading and trailing spaces and tabs.
    var trimmingSpaces: Substring {
        let isText = { (character: Character) in character != " " && character != "\t" }
        guard let first = firstIndex(where: isText), let last = lastIndex(where: isText) else { return "" }
        return self[first...last]
    }
}
