//! The `generator` command line; see [`generator::cli`].

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    generator::memory::keep_freed_memory();
    std::process::exit(generator::cli::main(std::env::args_os()));
}
