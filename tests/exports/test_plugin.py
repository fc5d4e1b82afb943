"""The pytest plugin, run in a separate pytest with pytester."""

from __future__ import annotations

import pytest

pytest_plugins = ["pytester"]

# the inner runs need no cache and no asyncio plugin (whose settings live in our pyproject)
ARGS = ("-p", "no:cacheprovider", "-p", "no:asyncio")


def test_fixtures_defaults_and_overrides(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import pytest
        from personae import Character

        def test_default_seed(personae_seed, personae_character):
            assert personae_seed == 0
            assert isinstance(personae_character, Character)
            assert personae_character.seed == 0

        @pytest.mark.personae(seed=42, character_class="WEREWOLF")
        def test_marker(personae_seed, personae_character):
            assert personae_seed == 42
            assert personae_character.seed == 42
            assert personae_character.character_class == "WEREWOLF"
            assert personae_character.backend == "rules"

        def test_factory(personae_factory):
            a = personae_factory(character_class="HUNTER")
            b = personae_factory(character_class="HUNTER")
            c = personae_factory(character_class="HUNTER", seed=0)
            assert (a.seed, b.seed, c.seed) == (0, 1, 0)
            assert a.to_json() == c.to_json()
            assert a.id != b.id

        def test_same_bytes_every_time(personae_factory):
            first = personae_factory(character_class="GHOUL", seed=9).to_json()
            assert first == personae_factory(character_class="GHOUL", seed=9).to_json()
        """
    )
    result = pytester.runpytest(*ARGS)
    result.assert_outcomes(passed=4)


def test_module_fixture_overrides_the_seed(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import pytest

        @pytest.fixture
        def personae_seed():
            return 1234

        def test_uses_module_seed(personae_character):
            assert personae_character.seed == 1234
        """
    )
    pytester.runpytest(*ARGS).assert_outcomes(passed=1)


def test_marker_is_registered_under_strict_markers(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import pytest

        @pytest.mark.personae(seed=3)
        def test_ok(personae_character):
            assert personae_character.seed == 3
        """
    )
    pytester.runpytest("--strict-markers", *ARGS).assert_outcomes(passed=1)
    result = pytester.runpytest("--markers", *ARGS)
    result.stdout.fnmatch_lines(["*@pytest.mark.personae(seed=None, **request_fields)*"])


def test_failure_report_shows_the_seed(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import pytest

        @pytest.mark.personae(seed=77, character_class="VAMPIRE")
        def test_fails(personae_character, personae_factory):
            personae_factory(character_class="MORTAL")
            assert personae_character.name == "nobody"

        def test_passes(personae_character):
            assert personae_character
        """
    )
    result = pytester.runpytest(*ARGS)
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(
        [
            "*- personae -*",
            "personae_seed: 77",
            "character: seed=77, character_class='VAMPIRE'",
            "character: seed=78, character_class='MORTAL'",
        ]
    )
    assert result.stdout.str().count("personae_seed:") == 1


def test_bad_marker_use_is_a_usage_error(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import pytest

        @pytest.mark.personae(seed=-1)
        def test_bad(personae_character):
            pass
        """
    )
    result = pytester.runpytest(*ARGS)
    assert result.ret != 0
    result.stdout.fnmatch_lines(["*non-negative integer*"])


def test_the_documented_example_runs(pytester: pytest.Pytester) -> None:
    import re
    from pathlib import Path

    import personae.exports

    readme = (Path(personae.exports.__file__).parent / "README.md").read_text(encoding="utf-8")
    plugin_part = readme.split("## pytest plugin", 1)[1]
    found = re.search(r"```python\n(.*?)```", plugin_part, re.S)
    assert found is not None
    example = found.group(1)
    pytester.makepyfile(example)
    pytester.runpytest(*ARGS).assert_outcomes(passed=3)


def test_the_documented_export_example_runs(tmp_path, monkeypatch) -> None:
    import re
    from pathlib import Path

    import personae.exports

    readme = (Path(personae.exports.__file__).parent / "README.md").read_text(encoding="utf-8")
    found = re.search(r"```python\n(.*?)```", readme, re.S)
    assert found is not None
    example = found.group(1)
    monkeypatch.chdir(tmp_path)
    exec(compile(example, "README.md", "exec"), {})
    assert len(list(tmp_path.glob("*.foundry.json"))) == 1
