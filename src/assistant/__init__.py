"""Conversational retrieval assistant over Mosseregionen's pre-study on international cooperation."""

__version__ = "0.1.0"

__all__ = ["Assistant", "__version__"]


def __getattr__(name: str):
    # Lazy: `import assistant` and `assistant --help` stay instant; models load on first use.
    if name == "Assistant":
        from assistant.service import Assistant

        return Assistant
    raise AttributeError(name)
