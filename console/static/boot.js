// Starts the console's wasm (wasm-bindgen --target web); the file names carry content hashes.
import init from "./__CONSOLE_GLUE__";
init({ module_or_path: "/console/__CONSOLE_WASM__" });
