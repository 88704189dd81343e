def test_landing_redirects_to_the_current_call(client, conference):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == f"/c/{conference.slug}/"
