"""`rails TASK ...`: the words rails hands to rake, whose options run Ruby code.

A rails command line whose first word is not one of Rails' own commands (`db:migrate`,
`db:seed`, `routes` before Rails 6, any task the Rakefile defines) is run by Rails'
RakeCommand as `rake.init("rails", [task, *args])`: rake parses every following word as its own
options, so `rails db:migrate -e CODE` (`-p`, `-E`, `--execute...`) evaluates CODE as
`rake -e CODE` does (red team 41: the ruby toolchain allows `rails db:migrate ...`). Those words
are then read with rake's entries of rules/exec_sinks.json. Rails' own commands read `-e` as the
environment (`rails server -e production`, `rails test -e test`), not code: their words are not
rake's. A first word known only at run time counts as a task. Loaded only for `rails`.
"""

# Rails' own commands and their aliases (railties' Rails::Command, 5.1 on), whose options are
# their own: anything else goes to rake.
_OWN = frozenset(("server", "s", "console", "c", "runner", "r", "dbconsole", "db", "test", "t", "generate", "g",
                  "destroy", "d", "new", "plugin", "credentials", "encrypted", "secrets", "help", "version",
                  "-h", "--help", "-v", "--version"))


def rake_words(args):
    """The words of `rails ARGS` that rake parses as options: `args` when rails hands them to
    rake, else none."""
    if args and not args[0].dynamic and args[0].text in _OWN:
        return []
    return args
