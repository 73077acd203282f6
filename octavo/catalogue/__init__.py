"""A publisher's list: many books built or checked in one command.

``config`` reads catalogue.yaml; ``cluster`` gives the executor the layout jobs
run on (a local process pool or a Dask cluster); ``run`` builds or checks every
book on it at once; ``feed`` writes the list's ONIX message; ``report`` shows
progress and the summary.
"""
