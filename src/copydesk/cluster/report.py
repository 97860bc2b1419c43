"""The clustering's output: each story's cluster fields, clusters.jsonl rows, stats.

`ClusterReport.label` is called on every story row as the engine streams the final stories
out, and keeps what clusters.jsonl needs of each (a few small fields, not the text) on disk,
in an anonymous temporary file, until the clusters are written: in memory, 32 bytes a story.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections import Counter
from collections.abc import Iterator, Sequence
from typing import Any

import numpy as np

from copydesk.cluster.group import Cluster

# The largest clusters listed in stats.json.
LARGEST = 10


class ClusterReport:
    def __init__(self, clusters: Sequence[Cluster], stories: int) -> None:
        self.clusters = clusters
        # Each story's cluster and place in it.
        self._cluster = np.full(stories, -1, dtype=np.int64)
        self._place = np.zeros(stories, dtype=np.int64)
        for c, cluster in enumerate(clusters):
            for k, m in enumerate(cluster.members):
                self._cluster[m.index], self._place[m.index] = c, k
        self._entries = tempfile.TemporaryFile()  # noqa: SIM115 (gone with the report)
        self._where = np.zeros((stories, 2), dtype=np.int64)  # each entry's offset and size
        self._written = 0

    def label(self, index: int, row: dict[str, Any]) -> None:
        """Set the cluster fields of the story at this position of the pass's input."""
        c = int(self._cluster[index])
        assert c >= 0, f"story {index} is in no cluster"
        cluster = self.clusters[c]
        member = cluster.members[self._place[index]]
        row["cluster_id"] = cluster.cluster_id
        row["canonical"] = member.relation is None
        row["relation"] = member.relation and str(member.relation)
        entry = {
            "story_id": row["story_id"],
            "doc_id": row["doc_id"],
            "source": row["source"],
            "date": row["date"],
            "relation": row["relation"],
            "similarity": member.similarity,
        }
        if member.relation is None:
            entry["lead"] = [row.get("headline"), row.get("dateline")]
        data = json.dumps(entry, ensure_ascii=False).encode()
        self._entries.write(data)
        self._where[index] = self._written, len(data)
        self._written += len(data)

    def _entry(self, index: int) -> dict[str, Any]:
        offset, size = self._where[index].tolist()
        entry: dict[str, Any] = json.loads(os.pread(self._entries.fileno(), size, offset))
        return entry

    def _lead(self, c: int) -> tuple[Any, Any]:
        """The cluster's headline and dateline: its canonical copy's."""
        return tuple(self._entry(self.clusters[c].canonical).get("lead", (None, None)))

    def rows(self) -> Iterator[dict[str, Any]]:
        """clusters.jsonl: one row a cluster, in canonical order of the canonical copies."""
        self._entries.flush()
        for cluster in self.clusters:
            members = [self._entry(m.index) for m in cluster.members]
            headline, dateline = members[0].pop("lead", (None, None))
            dates = sorted(m["date"] for m in members if m["date"])
            yield {
                "cluster_id": cluster.cluster_id,
                "size": len(members),
                "canonical": members[0]["story_id"],
                "headline": headline,
                "dateline": dateline,
                "first_date": dates[0] if dates else None,
                "last_date": dates[-1] if dates else None,
                "outlets": sorted({m["source"] for m in members if m["source"]}),
                "members": members,
            }

    def stats(self) -> dict[str, Any]:
        self._entries.flush()
        sizes = Counter(len(c.members) for c in self.clusters)
        largest = sorted(range(len(self.clusters)), key=lambda c: -len(self.clusters[c].members))
        return {
            "clusters": len(self.clusters),
            "singletons": sizes.get(1, 0),
            "size_distribution": {str(k): sizes[k] for k in sorted(sizes)},
            "largest": [
                {
                    "cluster_id": self.clusters[c].cluster_id,
                    "size": len(self.clusters[c].members),
                    "headline": self._lead(c)[0],
                }
                for c in largest[:LARGEST]
            ],
        }
