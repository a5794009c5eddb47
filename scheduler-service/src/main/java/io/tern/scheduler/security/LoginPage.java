package io.tern.scheduler.security;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** {@code GET /login} shows the dashboard's login page ({@code login.html} of the web-ui jar). */
@Configuration(proxyBeanMethods = false)
public class LoginPage implements WebMvcConfigurer {

  @Override
  public void addViewControllers(ViewControllerRegistry registry) {
    registry.addViewController("/login").setViewName("forward:/login.html");
  }
}
