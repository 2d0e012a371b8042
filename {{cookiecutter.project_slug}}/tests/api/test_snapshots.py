"""A detailed JSON answer compared with the snapshot stored in __snapshots__/ (syrupy).

After an intended change of the API's output, run ``pytest --snapshot-update`` and
review the diff of the .ambr file like any other code change.
"""

from __future__ import annotations

from syrupy.filters import props

from tests.factories import PostFactory

# Different on every run or database: left out of the snapshot.
VOLATILE = props("id", "author_id", "created_at")


def test_user_with_posts(client, user_headers, make_user, snapshot):
    author = make_user(name="Ada Lovelace", email="ada@example.com")
    PostFactory(author=author, title="Sketch of the Analytical Engine", body="Notes A to G.")
    PostFactory(author=author, title="On Bernoulli numbers", body="Note G, in full.")

    user = client.get(f"/api/users/{author.id}", headers=user_headers).get_json()
    posts = client.get(f"/api/users/{author.id}/posts", headers=user_headers).get_json()

    assert {"user": user, "posts": posts["data"]} == snapshot(exclude=VOLATILE)
