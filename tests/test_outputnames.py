"""hook/outputnames.py is the cheap gate in front of hook/outputs.py: it must name exactly the
programs outputs.py judges, or a program added there would never reach its check."""

from legant_guard.hook import outputnames, outputs


def test_the_gate_names_every_program_outputs_judges():
    assert outputnames.PROGRAMS == outputs.PROGRAMS
