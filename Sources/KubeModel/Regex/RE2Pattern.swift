// A compiled RE2 pattern and its matcher: the parsed tree becomes a small instruction list run
// as a Thompson NFA (every live state advanced together, one step per scalar), so a match costs
// at most the text's length times the program's size — a pattern such as `^(a+)+$` that makes a
// backtracking engine take exponential time is as quick as any other. Search is unanchored, as
// Go's `regexp.MatchString` (what Kubernetes validates `pattern` with).

/// A pattern in RE2 syntax, ready to match.
public struct RE2Pattern: Sendable {
    enum Instruction: Sendable, Equatable {
        case oneOf(Int)  // index into classes
        case split(Int, Int)
        case jump(Int)
        case assert(RE2Assertion)
        case match
    }

    let program: [Instruction]
    let classes: [RE2Class]

    /// The largest program a pattern may compile to (counted repetitions are copied out).
    static let maxInstructions = 100_000

    /// Parses and compiles `pattern`; throws with Go's wording when RE2 would refuse it.
    public init(_ pattern: String) throws(RE2Error) {
        var parser = RE2Parser(pattern)
        let tree = try parser.parse()
        var compiler = RE2Compiler()
        try compiler.emit(tree)
        compiler.program.append(.match)
        program = compiler.program
        classes = compiler.classes
    }

    /// Whether the pattern matches anywhere in `text`.
    public func matches(_ text: String) -> Bool {
        let input = Array(text.unicodeScalars.lazy.map(\.value))
        var current = StateList(size: program.count), next = StateList(size: program.count)
        for position in 0...input.count {
            if add(0, at: position, input, to: &current) { return true }
            if position == input.count { break }
            let c = input[position]
            next.clear()
            for pc in current.states {
                if case .oneOf(let k) = program[pc], classes[k].contains(c),
                   add(pc + 1, at: position + 1, input, to: &next)
                {
                    return true
                }
            }
            swap(&current, &next)
        }
        return false
    }

    /// Adds `pc` and every state reachable from it without reading (at `position`); true when
    /// one of them is the match.
    private func add(_ pc: Int, at position: Int, _ input: [UInt32], to list: inout StateList) -> Bool {
        list.pending.append(pc)
        while let pc = list.pending.popLast() {
            guard list.insert(pc) else { continue }
            switch program[pc] {
            case .match:
                list.pending.removeAll(keepingCapacity: true)
                return true
            case .oneOf: list.states.append(pc)
            case .jump(let to): list.pending.append(to)
            case .split(let a, let b):
                list.pending.append(b)
                list.pending.append(a)
            case .assert(let kind):
                if Self.holds(kind, at: position, input) { list.pending.append(pc + 1) }
            }
        }
        return false
    }

    /// `\w`, for `\b` and `\B`.
    private static let wordScalars = RE2Class.perl("w")!

    static func holds(_ kind: RE2Assertion, at p: Int, _ input: [UInt32]) -> Bool {
        let before = p > 0 ? input[p - 1] : nil, after = p < input.count ? input[p] : nil
        switch kind {
        case .beginText: return p == 0
        case .endText: return p == input.count
        case .beginLine: return before == nil || before == 10
        case .endLine: return after == nil || after == 10
        case .wordBoundary, .notWordBoundary:
            let isWord = { (c: UInt32?) in c.map { wordScalars.contains($0) } ?? false }
            return (isWord(before) != isWord(after)) == (kind == .wordBoundary)
        }
    }

    /// The states of one step: an ordered list plus a membership stamp per instruction.
    struct StateList {
        var states: [Int] = []
        /// Scratch for `add`: states still to follow (kept to reuse its storage).
        var pending: [Int] = []
        private var stamp: [UInt32]
        private var generation: UInt32 = 1

        init(size: Int) { stamp = Array(repeating: 0, count: size) }

        /// Marks `pc`; false when it was already in.
        mutating func insert(_ pc: Int) -> Bool {
            if stamp[pc] == generation { return false }
            stamp[pc] = generation
            return true
        }

        mutating func clear() {
            states.removeAll(keepingCapacity: true)
            generation &+= 1
            if generation == 0 {
                for k in stamp.indices { stamp[k] = 0 }
                generation = 1
            }
        }
    }
}

/// Turns a tree into instructions.
struct RE2Compiler {
    var program: [RE2Pattern.Instruction] = []
    var classes: [RE2Class] = []

    mutating func emit(_ node: RE2Node) throws(RE2Error) {
        guard program.count < RE2Pattern.maxInstructions else {
            throw RE2Error(message: "expression too large")
        }
        switch node {
        case .empty: break
        case .oneOf(let c):
            classes.append(c)
            program.append(.oneOf(classes.count - 1))
        case .assert(let a): program.append(.assert(a))
        case .concat(let parts):
            for p in parts { try emit(p) }
        case .alternate(let branches):
            var jumps: [Int] = []
            for (k, branch) in branches.enumerated() {
                if k < branches.count - 1 {
                    let split = program.count
                    program.append(.split(split + 1, 0))
                    try emit(branch)
                    jumps.append(program.count)
                    program.append(.jump(0))
                    program[split] = .split(split + 1, program.count)
                } else {
                    try emit(branch)
                }
            }
            for j in jumps { program[j] = .jump(program.count) }
        case .repeated(let inner, let min, let max):
            for _ in 0..<min { try emit(inner) }
            if let max {
                // Each optional copy may be skipped to the end: x?x?… nested as (x(x…)?)?
                var splits: [Int] = []
                for _ in min..<max {
                    splits.append(program.count)
                    program.append(.split(program.count + 1, 0))
                    try emit(inner)
                }
                for s in splits { program[s] = .split(s + 1, program.count) }
            } else {
                let loop = program.count
                program.append(.split(loop + 1, 0))
                try emit(inner)
                program.append(.jump(loop))
                program[loop] = .split(loop + 1, program.count)
            }
        }
    }
}
