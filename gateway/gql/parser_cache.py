"""strawberry's ParserCache, without losing syntax errors.

strawberry's ParserCache parses in `on_parse`, which runs before strawberry's own `try` around
parsing. A document that does not parse therefore escapes as an exception. Over HTTP the view
has parsed already and answers GRAPHQL_PARSE_FAILED. Over a WebSocket the subscription ended
with a bare `complete` and the server logged a traceback. Here such a document is left
unparsed: strawberry then parses it inside its `try` and refuses it as graphql-ws does, by
closing with 4400 and the syntax error as the reason. Only valid documents are cached, as
before.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from graphql import GraphQLError
from strawberry.extensions import ParserCache


class SyntaxSafeParserCache(ParserCache):
    def on_parse(self) -> Iterator[None]:
        context = self.execution_context
        # On a syntax error strawberry parses the document again itself and reports the error.
        with contextlib.suppress(GraphQLError):
            context.graphql_document = self.cached_parse_document(
                context.query, **context.parse_options
            )
        yield
