// The heap memory malloc keeps after the program freed it. glibc returns freed memory to the
// kernel only from the top of an arena, and raises its mmap threshold after every large block it
// unmaps, so after a burst of large buffers a process can hold tens of megabytes it no longer
// uses. `malloc_trim` hands the free pages of every arena back (the address space stays; a later
// allocation faults fresh zero pages in). Pages handed back stay free in malloc's books, so what
// is still resident is judged from the process's anonymous resident memory.
import CMalloc

#if canImport(Glibc)
import Glibc
#endif

/// What malloc holds free, and handing it back.
public enum HeapMemory {
    /// Bytes malloc holds free in all its arenas (not in use by the program, whether still
    /// resident or already handed back).
    public static var freeBytes: Int { Int(mallinfo2().fordblks) }

    /// Bytes of blocks the program has in use (in arenas, and mapped on their own).
    public static var inUseBytes: Int {
        let info = mallinfo2()
        return Int(info.uordblks) + Int(info.hblkhd)
    }

    /// This process's resident anonymous memory (resident minus file-backed and shared pages,
    /// from `/proc/self/statm`), or nil when that cannot be read.
    public static var residentAnonymousBytes: Int? {
        guard let statm = ProcFile.read("/proc/self/statm") else { return nil }
        let fields = statm.split(separator: UInt8(ascii: " ")).map { Int(String(decoding: $0, as: UTF8.self)) }
        guard fields.count >= 3, let resident = fields[1], let shared = fields[2] else { return nil }
        return (resident - shared) * Int(sysconf(Int32(_SC_PAGESIZE)))
    }

    /// Hands the free pages of every arena back to the kernel; answers whether any were.
    @discardableResult
    public static func trim() -> Bool { malloc_trim(0) == 1 }
}
