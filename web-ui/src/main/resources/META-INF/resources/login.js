// Copies the CSRF token from the XSRF-TOKEN cookie into the login form (double-submit).
(function () {
  const cookie = document.cookie.split('; ').find(c => c.startsWith('XSRF-TOKEN='));
  document.getElementById('csrf').value = cookie ? decodeURIComponent(cookie.substring('XSRF-TOKEN='.length)) : '';
  const params = new URLSearchParams(location.search);
  const message = document.getElementById('message');
  if (params.has('error')) message.textContent = 'That token is unknown, revoked or expired.';
  if (params.has('logout')) message.textContent = 'You are logged out.';
})();
