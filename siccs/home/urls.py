from django.urls import path

from siccs.home import views

urlpatterns = [path("", views.home, name="home")]
