"""knowledge.Spec builds each word set when it is first read (hook-path import cost). A set
assigned before it was read (operands.py's git Spec: `spec.file = K.GIT_FILE | {"-o"}`) must stay
as assigned: building every set on the first read of another one overwrote it, and
`git archive -o /tmp/x.tar HEAD` stopped being a write."""

from legant_guard.shell import knowledge as K


def test_each_set_reads_as_its_text():
    spec = K.Spec("-e --regexp", "-f --file", 1, "-e", "-T", "--format")
    assert (spec.arg, spec.file, spec.first, spec.cancel, spec.lists, spec.words) == (
        {"-e", "--regexp"}, {"-f", "--file"}, 1, {"-e"}, {"-T"}, {"--format"})


def test_a_set_assigned_before_any_read_stays_as_assigned():
    spec = K.Spec("-a", "-f")
    spec.file = frozenset({"-o"})
    assert spec.arg == {"-a"}
    assert spec.file == {"-o"}


def test_an_unknown_attribute_is_an_attribute_error():
    try:
        K.Spec().nothing
    except AttributeError:
        return
    raise AssertionError("no AttributeError")
