"""Local GGUF models: locating, loading once per process, and grammar-constrained decoding.

`personae.llm.model` needs nothing beyond the core install; `personae.llm.decoder` needs
the `llm` extra (numpy, llama-cpp-python, llguidance) and is imported only when used.
"""
