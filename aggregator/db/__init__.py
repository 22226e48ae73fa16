"""The relational store: typed models, engine set-up, migrations and batched upserts."""
