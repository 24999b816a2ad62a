"""The data stores: the SQLite data file, and a province's store on a PostgreSQL server (`server`)."""

import sys


class _PeeweeWithoutDrivers:
    """peewee imports every PostgreSQL driver it finds when it is itself imported: psycopg took about twice
    as long as peewee itself (measured with `python -X importtime`), paid by every commune file and command
    though only a province's server store uses it. While peewee's module is being set up its `import
    psycopg` finds nothing; `server.connect` imports psycopg and gives peewee its own adapter when a server
    store is opened."""

    @staticmethod
    def find_spec(name, path=None, target=None):
        if name in ("psycopg", "psycopg2", "psycopg2cffi"):
            peewee = sys.modules.get("peewee")
            if peewee is not None and not hasattr(peewee, "__version__"):  # set after its driver imports
                raise ModuleNotFoundError(f"{name}: loaded by storage.server when needed", name=name)
        return None


if "peewee" not in sys.modules:
    sys.meta_path.insert(0, _PeeweeWithoutDrivers)
