import personae


def test_all_is_sorted_and_complete() -> None:
    exported = [
        name
        for name in dir(personae)
        if not name.startswith("_") and not isinstance(getattr(personae, name), type(personae))
    ]
    assert personae.__all__ == sorted(personae.__all__)
    assert sorted(exported) == sorted(n for n in personae.__all__ if n != "__version__")
