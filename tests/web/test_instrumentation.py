from coordination import create_app


def test_benchmark_headers_only_when_enabled(app, client):
    assert "X-Query-Count" not in client.get("/login").headers
    bench = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
            "SECRET_KEY": "x",
            "BENCHMARK_HEADERS": True,
        }
    )
    response = bench.test_client().get("/login")
    assert response.headers["X-Query-Count"] == "0"
    assert response.headers["Server-Timing"].startswith("app;dur=")
