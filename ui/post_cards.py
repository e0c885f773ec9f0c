"""Post cards: a social-media post drawn as it looks on a phone, from the course's YAML.

Every text from content is escaped here (`html.escape`): a post can never add markup. The
card is an `<article>` named after its author, its text is real text, the avatar is initials
in a circle (hidden from screen readers: the name is read instead), and the counts are words,
not icons only.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence

import streamlit as st

from modules.fields import PostCard, Reply

from .state import t

ImageUrl = Callable[[str], str | None]

STYLE = """
.post-card { max-width: 390px; border: 1px solid #8a8a8a; border-radius: 14px; padding: 12px 14px;
  margin: 0 0 1rem 0; background: #ffffff; color: #1a1a1a; font-size: 0.95rem; line-height: 1.4; }
.post-head { display: flex; gap: 10px; align-items: center; margin-bottom: 6px; }
.post-avatar { flex: 0 0 40px; width: 40px; height: 40px; border-radius: 50%; background: #1f4e79;
  color: #ffffff; display: flex; align-items: center; justify-content: center; font-weight: 700; }
.post-reply .post-avatar { flex-basis: 32px; width: 32px; height: 32px; font-size: 0.8rem; }
.post-who strong { display: block; }
.post-meta { color: #4a4a4a; font-size: 0.85rem; }
.post-text { margin: 0 0 8px 0; white-space: pre-line; overflow-wrap: anywhere; }
.post-card img { max-width: 100%; height: auto; border-radius: 8px; }
.post-image-missing { border: 1px dashed #8a8a8a; border-radius: 8px; padding: 8px; color: #4a4a4a; }
.post-stats { color: #4a4a4a; font-size: 0.85rem; margin: 6px 0 0 0; }
.post-replies { list-style: none; margin: 8px 0 0 0; padding: 8px 0 0 12px; border-top: 1px solid #d0d0d0; }
.post-reply { margin: 0 0 8px 0; background: #f2f2f2; border-radius: 10px; padding: 8px 10px; }
"""


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def _head(author: str, avatar: str, meta: Sequence[str | None]) -> str:
    shown = " · ".join(_e(m) for m in meta if m)
    return (
        '<div class="post-head">'
        f'<span class="post-avatar" aria-hidden="true">{_e(avatar)}</span>'
        f'<span class="post-who"><strong>{_e(author)}</strong>'
        + (f'<span class="post-meta">{shown}</span>' if shown else "")
        + "</span></div>"
    )


def _stats(likes: int | None, comments: int | None = None, shares: int | None = None) -> str:
    parts = [
        _count("post.likes", likes),
        _count("post.comments", comments),
        _count("post.shares", shares),
    ]
    shown = " · ".join(_e(p) for p in parts if p)
    return f'<p class="post-stats">{shown}</p>' if shown else ""


def _reply(reply: Reply) -> str:
    label = _e(t("post.reply_label", author=reply.author))
    return (
        f'<li class="post-reply"><article aria-label="{label}">'
        + _head(reply.author, reply.avatar, [reply.time])
        + f'<p class="post-text">{_e(reply.text)}</p>'
        + _stats(reply.likes)
        + "</article></li>"
    )


def post_card_html(post: PostCard, image_url: ImageUrl | None = None) -> str:
    """The card as HTML, every content text escaped."""
    label = _e(t("post.label", author=post.author))
    parts = [
        f'<article class="post-card" aria-label="{label}">',
        _head(post.author, post.avatar, [post.handle, post.time]),
        f'<p class="post-text">{_e(post.text)}</p>',
    ]
    if post.image:
        url = image_url(post.image) if image_url else None
        alt = _e(post.image_alt or "")
        if url:
            parts.append(f'<img src="{_e(url)}" alt="{alt}">')
        else:  # the picture cannot be shown here: say what it shows
            parts.append(f'<p class="post-image-missing">{_e(t("post.image", alt=post.image_alt or ""))}</p>')
    parts.append(_stats(post.likes, post.comments, post.shares))
    if post.replies:
        parts.append(f'<ul class="post-replies" aria-label="{_e(t("post.replies"))}">')
        parts.extend(_reply(r) for r in post.replies)
        parts.append("</ul>")
    parts.append("</article>")
    return "".join(parts)


def show_posts(posts: Sequence[PostCard], image_url: ImageUrl | None = None) -> None:
    for post in posts:
        st.html(post_card_html(post, image_url))


def _count(key: str, n: int | None) -> str | None:
    """ "1 reactie", "12 reacties": one key per form (`post.likes_one` for 1)."""
    if n is None:
        return None
    return t(f"{key}_one" if n == 1 else key, n=n)
