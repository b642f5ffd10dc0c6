"""Where users' files live: the `FileStore` port, its local-disk and S3 stores, every key.

Import the store classes from their modules (`storage.local`, `storage.s3`) or build one with
`storage.factory.build_store`; S3's client loads only when an S3 store is built.
"""
