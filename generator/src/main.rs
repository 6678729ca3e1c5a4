//! The `generator` command line; see [`generator::cli`].

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    generator::cli::without_huge_pages();
    std::process::exit(generator::cli::main(std::env::args_os()));
}
