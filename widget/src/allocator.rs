//! The browser wasm's heap: lol_alloc's free-list allocator instead of the standard library's dlmalloc, for size.
//! The widget allocates little (request strings, a few closures), so a free list's linear search costs nothing
//! noticeable. Only in the browser build (`csr` without `ssr`, wasm32): never natively, never in the Worker.

#[global_allocator]
static ALLOCATOR: lol_alloc::LockedAllocator<lol_alloc::FreeListAllocator> =
    lol_alloc::LockedAllocator::new(lol_alloc::FreeListAllocator::new());
