"""Connectors list assets and stream them as Arrow record batches.

Built-in and third-party connectors register through the `jejak.connectors` entry-point group; see
`jejak.connectors.registry`.
"""
