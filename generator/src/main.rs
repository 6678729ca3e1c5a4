//! The `generator` command line; see [`generator::cli`].

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    without_huge_pages();
    std::process::exit(generator::cli::main(std::env::args_os()));
}

/// Generation is a short burst of small allocations. With transparent huge pages the kernel
/// backs the allocator's arenas with 2 MiB pages, each zeroed whole when first touched: the
/// seed APIs peaked at 42 MB resident instead of 15 MB, Stripe at 105 MB instead of 53 MB, for
/// no gain in time. Turned off for this process only (faults from here on); a kernel without
/// the setting just says no.
fn without_huge_pages() {
    #[cfg(target_os = "linux")]
    // SAFETY: PR_SET_THP_DISABLE takes plain integers and changes only this process's page policy.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
}
