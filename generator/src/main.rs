//! The `generator` command line; see [`generator::cli`].

fn main() {
    std::process::exit(generator::cli::main(std::env::args_os()));
}
