// The heap memory malloc keeps after the program freed it. glibc returns freed memory to the
// kernel only from the top of an arena, and raises its mmap threshold after every large block it
// unmaps, so after a burst of large buffers a process can hold tens of megabytes it no longer
// uses. `malloc_trim` hands the free pages of every arena back (the address space stays; a later
// allocation faults fresh zero pages in).
import CMalloc

/// What malloc holds free, and handing it back.
public enum HeapMemory {
    /// Bytes malloc holds free in all its arenas (not in use by the program, still resident
    /// unless already handed back).
    public static var freeBytes: Int { Int(mallinfo2().fordblks) }

    /// Hands the free pages of every arena back to the kernel; answers whether any were.
    @discardableResult
    public static func trim() -> Bool { malloc_trim(0) == 1 }
}
