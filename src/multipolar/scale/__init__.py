"""Scale-out: the same pipeline on Ray (`pip install 'multipolar[ray]'`).

`ingest_ray(store, documents, options=RayOptions(actors=4))` analyses on a local Ray instance
(or a cluster with `RayOptions(address=...)`) and loads the results into the store, or leaves
them as a Parquet data set with `out=DIR`. Ray itself is imported only when a run starts.
"""

from multipolar.scale.engine import RayOptions, ingest_ray

__all__ = ["RayOptions", "ingest_ray"]
