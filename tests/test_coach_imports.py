"""The coaching engine is plain Python: a script, the CLI or a proposal can use it with no terminal UI."""

import subprocess
import sys


def test_importing_the_coaching_engine_does_not_import_textual():
    code = (
        "import spin_coach.coach, spin_coach.coach.evidence, spin_coach.coach.gaps, spin_coach.proposal.context, sys; "
        "assert 'textual' not in sys.modules, 'textual imported'"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_the_review_command_module_can_be_imported_on_its_own():
    code = "import spin_coach.cli.review as c; assert c.review_command.name == 'review'"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
