"""Developer tooling kept out of the runtime package `siccs` (benchmarks, dataset
generators, lint plugins): nothing here is imported when the platform serves requests."""
