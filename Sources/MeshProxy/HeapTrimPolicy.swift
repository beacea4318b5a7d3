// When handing free heap memory back is worth a `malloc_trim`. Pages handed back stay free in
// malloc's books, so the free total alone would call for a trim on every check once a fragmented
// heap holds more than the threshold free, each walking every arena under its lock. What tells
// that free memory became resident again is the resident memory the program's blocks do not
// account for (anonymous resident minus in use): a trim brings it down to what thread stacks and
// other mappings need, and only its growth since then is worth another.
/// Decides, from what malloc holds free and what is resident beyond the blocks in use, whether to trim.
public struct HeapTrimPolicy: Sendable {
    /// Free memory worth handing back (less is what a working process reuses at once).
    public let threshold: Int
    /// The lowest resident-beyond-use seen since the last trim; nil before the first.
    public private(set) var baseline: Int?

    /// A policy that trims once more than `threshold` bytes are free and resident.
    public init(threshold: Int) {
        self.threshold = threshold
    }

    /// Whether to trim now, given the bytes malloc holds free and the resident bytes beyond those
    /// in use (`unaccounted`); remembers a new low of the latter.
    public mutating func shouldTrim(free: Int, unaccounted: Int) -> Bool {
        guard let low = baseline else { return free > threshold }
        baseline = min(low, unaccounted)
        return free > threshold && unaccounted - min(low, unaccounted) > threshold
    }

    /// Records a trim, and what was resident beyond use right after it.
    public mutating func trimmed(unaccounted: Int) {
        baseline = unaccounted
    }
}
